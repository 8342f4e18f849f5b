import { useTranslation } from 'react-i18next'
import { useCollectionDetails } from '../api/collections.js'

/** Storage and sharding attributes of a collection (statistics plus the catalog entry). */
export function CollectionDetails({ cluster, cs, cl }: { cluster: string; cs: string; cl: string }) {
  const { t } = useTranslation()
  const { data, isLoading, error } = useCollectionDetails(cluster, cs, cl)
  if (isLoading) return <p>{t('common.loading')}</p>
  if (error !== null) return <p role="alert" className="text-red-600">{error.message}</p>
  if (data === undefined) return null
  const s = data.stats
  const rows: [string, string][] = s === null ? [] : [
    [t('data.count'), s.totalRecords], [t('data.lobs'), s.totalLobs], [t('data.dataPages'), String(s.totalDataPages)], [t('data.indexPages'), String(s.totalIndexPages)],
    [t('data.lobPages'), String(s.totalLobPages)], [t('data.indexCount'), String(s.indexes)], [t('data.group'), s.groups.join(', ')],
  ]
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="collection-details">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.flatMap(([k, v]) => [<dt key={`k-${k}`} className="text-slate-500">{k}</dt>, <dd key={`v-${k}`} className="tabular-nums">{v}</dd>])}
      </dl>
      <pre className="overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-900" aria-label={t('data.catalog')}>{JSON.stringify(data.catalog, null, 2)}</pre>
    </div>
  )
}
