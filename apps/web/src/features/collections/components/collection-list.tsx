import { Link } from '@tanstack/react-router'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { usePermission } from '../../../lib/authorization.js'
import { useCollections } from '../api/collections.js'
import { CollectionActions } from './collection-actions.js'
import { CreateCollectionDialog } from './create-collection-dialog.js'

/** The collections of a collection space with counts, sizes (pages) and actions. */
export function CollectionList({ cluster, cs }: { cluster: string; cs: string }) {
  const { t } = useTranslation()
  const { data, isLoading, error } = useCollections(cluster, cs)
  const can = usePermission('manageCollections')
  const [createOpen, setCreateOpen] = useState(false)
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2">
        <h1 className="text-lg font-semibold">{cs} · {t('data.collections')}</h1>
        {can && <Button className="ml-auto" variant="primary" onClick={() => setCreateOpen(true)}>{t('data.createCl')}</Button>}
      </div>
      {isLoading && <p>{t('common.loading')}</p>}
      {error !== null && <p role="alert" className="text-red-600">{error.message}</p>}
      {data?.length === 0 && <p className="text-slate-500">{t('data.noCollections')}</p>}
      <table className="w-full text-left text-sm" aria-label={t('data.collections')}>
        <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-700">
          <tr><th className="py-1">{t('common.name')}</th><th className="text-right">{t('data.count')}</th><th className="text-right">{t('data.size')}</th><th>{t('data.group')}</th><th>{t('common.actions')}</th></tr>
        </thead>
        <tbody>
          {(data ?? []).map((c) => (
            <tr key={c.name} className="border-b border-slate-100 dark:border-slate-800">
              <td className="py-1"><Link to="/c/$cluster/data/$cs/$cl" params={{ cluster, cs, cl: c.name }} className="text-emerald-700 hover:underline dark:text-emerald-400">{c.name}</Link></td>
              <td className="text-right tabular-nums">{c.stats?.totalRecords ?? '—'}</td>
              <td className="text-right tabular-nums" title={t('data.pagesTitle')}>{c.stats === null ? '—' : `${c.stats.totalDataPages} / ${c.stats.totalIndexPages} / ${c.stats.totalLobPages}`}</td>
              <td>{c.stats?.groups.join(', ') ?? '—'}</td>
              <td><CollectionActions cluster={cluster} cs={cs} cl={c.name} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateCollectionDialog cluster={cluster} cs={cs} open={createOpen} onOpenChange={setCreateOpen} />
    </div>
  )
}
