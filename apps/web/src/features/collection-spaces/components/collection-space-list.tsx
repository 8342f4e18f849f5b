import { Link } from '@tanstack/react-router'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { Button } from '../../../components/ui/button.js'
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js'
import { Dialog } from '../../../components/ui/dialog.js'
import { Field, Input, Select } from '../../../components/ui/input.js'
import { usePermission } from '../../../lib/authorization.js'
import { useNotices } from '../../../lib/notices.js'
import { useCreateCollectionSpace } from '../api/create-collection-space.js'
import { useDropCollectionSpace } from '../api/drop-collection-space.js'
import { useCollectionSpaces } from '../api/get-collection-spaces.js'

const PAGE_SIZES = [4096, 8192, 16384, 32768, 65536] as const
const LOB_PAGE_SIZES = [0, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288] as const

function kb(n: number | null, t: TFunction): string {
  return n === null ? '—' : n === 0 ? t('data.defaultSize') : `${n / 1024}K`
}

/** Create form: name, page size (4K..64K), LOB page size and domain. */
export function CreateCollectionSpaceDialog({ cluster, open, onOpenChange }: { cluster: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation()
  const create = useCreateCollectionSpace(cluster)
  const { notify, notifyError } = useNotices()
  const [name, setName] = useState('')
  const [pageSize, setPageSize] = useState<(typeof PAGE_SIZES)[number]>(65536)
  const [lobPageSize, setLobPageSize] = useState<(typeof LOB_PAGE_SIZES)[number]>(262144)
  const [domain, setDomain] = useState('')
  const nameError = name !== '' && (/^\$|^\s/.test(name) || name.includes('.')) ? t('data.csNameRule') : undefined
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('data.createCs')}>
      <form className="flex flex-col gap-3" onSubmit={(e) => {
        e.preventDefault()
        if (nameError !== undefined) return
        create.mutate({ name, pageSize, lobPageSize, ...(domain === '' ? {} : { domain }) }, {
          onSuccess: () => { notify({ tone: 'success', title: t('data.created', { name }) }); setName(''); onOpenChange(false) },
          onError: (err) => notifyError(t('data.createCs'), err),
        })
      }}>
        <Field label={t('common.name')} error={nameError}>{(id) => <Input id={id} required maxLength={127} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <Field label={t('data.pageSize')}>{(id) => (
          <Select id={id} value={pageSize} onChange={(e) => setPageSize(PAGE_SIZES.find((p) => p === Number(e.target.value)) ?? 65536)}>
            {PAGE_SIZES.map((p) => <option key={p} value={p}>{p / 1024}K</option>)}
          </Select>
        )}</Field>
        <Field label={t('data.lobPageSize')}>{(id) => (
          <Select id={id} value={lobPageSize} onChange={(e) => setLobPageSize(LOB_PAGE_SIZES.find((p) => p === Number(e.target.value)) ?? 262144)}>
            {LOB_PAGE_SIZES.map((p) => <option key={p} value={p}>{kb(p, t)}</option>)}
          </Select>
        )}</Field>
        <Field label={t('data.domain')}>{(id) => <Input id={id} value={domain} onChange={(e) => setDomain(e.target.value)} />}</Field>
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" busy={create.isPending}>{t('common.create')}</Button>
        </div>
      </form>
    </Dialog>
  )
}

/** The collection spaces of a cluster with create and drop (drop asks to type the name). */
export function CollectionSpaceList({ cluster }: { cluster: string }) {
  const { t } = useTranslation()
  const { data, isLoading, error } = useCollectionSpaces(cluster)
  const drop = useDropCollectionSpace(cluster)
  const { notify, notifyError } = useNotices()
  const canAdmin = usePermission('manageCollectionSpaces')
  const [createOpen, setCreateOpen] = useState(false)
  const [dropName, setDropName] = useState<string | null>(null)
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2">
        <h1 className="text-lg font-semibold">{t('data.collectionSpaces')}</h1>
        {canAdmin && <Button className="ml-auto" variant="primary" onClick={() => setCreateOpen(true)}>{t('data.createCs')}</Button>}
      </div>
      {isLoading && <p>{t('common.loading')}</p>}
      {error !== null && <p role="alert" className="text-red-600">{error.message}</p>}
      <table className="w-full text-left text-sm" aria-label={t('data.collectionSpaces')}>
        <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-700">
          <tr><th className="py-1">{t('common.name')}</th><th>{t('data.collections')}</th><th>{t('data.pageSize')}</th><th>{t('data.lobPageSize')}</th><th>{t('data.domain')}</th><th>{t('common.actions')}</th></tr>
        </thead>
        <tbody>
          {(data ?? []).map((s) => (
            <tr key={s.name} className="border-b border-slate-100 dark:border-slate-800">
              <td className="py-1"><Link to="/c/$cluster/data/$cs" params={{ cluster, cs: s.name }} className="text-emerald-700 hover:underline dark:text-emerald-400">{s.name}</Link></td>
              <td>{s.collections.length}</td><td>{kb(s.pageSize, t)}</td><td>{kb(s.lobPageSize, t)}</td><td>{s.domain ?? '—'}</td>
              <td>{canAdmin && <Button size="sm" variant="danger" aria-label={`${t('data.dropCs')} ${s.name}`} onClick={() => setDropName(s.name)}>{t('common.drop')}</Button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateCollectionSpaceDialog cluster={cluster} open={createOpen} onOpenChange={setCreateOpen} />
      <ConfirmDialog
        open={dropName !== null}
        onOpenChange={(o) => { if (!o) setDropName(null) }}
        title={`${t('data.dropCs')} ${dropName ?? ''}`}
        confirmLabel={t('common.drop')}
        cancelLabel={t('common.cancel')}
        typeToConfirm={dropName ?? ''}
        typePrompt={t('common.typeToConfirm', { name: dropName ?? '' })}
        busy={drop.isPending}
        onConfirm={() => {
          if (dropName === null) return
          drop.mutate(dropName, {
            onSuccess: () => { notify({ tone: 'success', title: t('data.dropped', { name: dropName }) }); setDropName(null) },
            onError: (err) => notifyError(t('data.dropCs'), err),
          })
        }}
      >
        <p>{t('data.dropWarning', { name: dropName ?? '' })}</p>
      </ConfirmDialog>
    </div>
  )
}
