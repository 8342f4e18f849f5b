import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '../../../components/ui/badge.js'
import { Button } from '../../../components/ui/button.js'
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js'
import { Dialog } from '../../../components/ui/dialog.js'
import { Field, Input, Select } from '../../../components/ui/input.js'
import { usePermission } from '../../../lib/authorization.js'
import { useNotices } from '../../../lib/notices.js'
import { useIndexes, useIndexMutations } from '../api/indexes.js'
import { formatIndexKey } from '../format-index-key.js'

function CreateIndexDialog({ cluster, cs, cl, open, onOpenChange }: { cluster: string; cs: string; cl: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation()
  const { create } = useIndexMutations(cluster, cs, cl)
  const { notify, notifyError } = useNotices()
  const [name, setName] = useState('')
  const [fields, setFields] = useState<{ name: string; dir: 1 | -1 }[]>([{ name: '', dir: 1 }])
  const [unique, setUnique] = useState(false)
  const [enforced, setEnforced] = useState(false)
  const valid = name !== '' && fields.every((f) => f.name !== '') && new Set(fields.map((f) => f.name)).size === fields.length
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('indexes.create')}>
      <form className="flex flex-col gap-3" onSubmit={(e) => {
        e.preventDefault()
        if (!valid) return
        create.mutate({ name, key: Object.fromEntries(fields.map((f) => [f.name, f.dir])), unique, enforced }, {
          onSuccess: () => { notify({ tone: 'success', title: t('data.created', { name }) }); onOpenChange(false) },
          onError: (err) => notifyError(t('indexes.create'), err),
        })
      }}>
        <Field label={t('common.name')}>{(id) => <Input id={id} required value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-xs font-medium">{t('indexes.fields')}</legend>
          {fields.map((f, i) => (
            <div key={i} className="flex gap-2">
              <Input aria-label={`${t('indexes.fieldName')} ${i + 1}`} value={f.name} onChange={(e) => setFields(fields.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} className="font-mono" />
              <Select aria-label={`${t('indexes.direction')} ${i + 1}`} value={f.dir} onChange={(e) => setFields(fields.map((x, j) => (j === i ? { ...x, dir: e.target.value === '-1' ? -1 : 1 } : x)))} className="w-36">
                <option value={1}>{t('indexes.asc')}</option><option value={-1}>{t('indexes.desc')}</option>
              </Select>
              {fields.length > 1 && <Button size="sm" variant="ghost" aria-label={`${t('common.delete')} ${i + 1}`} onClick={() => setFields(fields.filter((_, j) => j !== i))}>×</Button>}
            </div>
          ))}
          <Button size="sm" variant="ghost" onClick={() => setFields([...fields, { name: '', dir: 1 }])}>+ {t('indexes.addField')}</Button>
        </fieldset>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={unique} onChange={(e) => setUnique(e.target.checked)} />{t('indexes.unique')}</label>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={enforced} disabled={!unique} onChange={(e) => setEnforced(e.target.checked)} />{t('indexes.enforced')}</label>
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" disabled={!valid} busy={create.isPending}>{t('common.create')}</Button>
        </div>
      </form>
    </Dialog>
  )
}

/** The indexes tab: list, create (fields with direction, unique, enforced), drop. */
export function IndexesPanel({ cluster, cs, cl }: { cluster: string; cs: string; cl: string }) {
  const { t } = useTranslation()
  const { data, error, isLoading } = useIndexes(cluster, cs, cl)
  const { drop } = useIndexMutations(cluster, cs, cl)
  const can = usePermission('manageIndexes')
  const { notify, notifyError } = useNotices()
  const [createOpen, setCreateOpen] = useState(false)
  const [dropName, setDropName] = useState<string | null>(null)
  return (
    <div className="flex flex-col gap-2">
      {can && <div><Button variant="primary" onClick={() => setCreateOpen(true)}>{t('indexes.create')}</Button></div>}
      {isLoading && <p>{t('common.loading')}</p>}
      {error !== null && <p role="alert" className="text-red-600">{error.message}</p>}
      <table className="w-full text-left text-sm" aria-label={t('indexes.title')}>
        <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-700"><tr><th className="py-1">{t('common.name')}</th><th>{t('indexes.key')}</th><th>{t('indexes.unique')}</th><th>{t('indexes.enforced')}</th><th>{t('common.actions')}</th></tr></thead>
        <tbody>
          {(data ?? []).map((i) => (
            <tr key={i.name} className="border-b border-slate-100 dark:border-slate-800">
              <td className="py-1 font-mono">{i.name}</td>
              <td className="font-mono text-xs">{formatIndexKey(i.key)}</td>
              <td>{i.unique ? <Badge tone="info">{t('common.yes')}</Badge> : ''}</td>
              <td>{i.enforced ? <Badge tone="info">{t('common.yes')}</Badge> : ''}</td>
              <td>{can && i.name !== '$id' && <Button size="sm" variant="danger" aria-label={`${t('indexes.drop')} ${i.name}`} onClick={() => setDropName(i.name)}>{t('common.drop')}</Button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateIndexDialog cluster={cluster} cs={cs} cl={cl} open={createOpen} onOpenChange={setCreateOpen} />
      <ConfirmDialog
        open={dropName !== null}
        onOpenChange={(o) => { if (!o) setDropName(null) }}
        title={t('indexes.dropConfirm', { name: dropName ?? '' })}
        confirmLabel={t('common.drop')}
        cancelLabel={t('common.cancel')}
        busy={drop.isPending}
        onConfirm={() => dropName !== null && drop.mutate(dropName, {
          onSuccess: () => { notify({ tone: 'success', title: t('data.dropped', { name: dropName }) }); setDropName(null) },
          onError: (err) => notifyError(t('indexes.drop'), err),
        })}
      />
    </div>
  )
}
