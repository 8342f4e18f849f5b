import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router'
import { useTranslation } from 'react-i18next'
import { Tabs } from '../../components/ui/tabs.js'
import { CollectionActions } from '../../features/collections/components/collection-actions.js'
import { CollectionDetails } from '../../features/collections/components/collection-details.js'
import { DocumentsPanel } from '../../features/documents/components/documents-panel.js'
import { useIndexes } from '../../features/indexes/api/indexes.js'
import { IndexesPanel } from '../../features/indexes/components/indexes-panel.js'
import { LobsPanel } from '../../features/lobs/components/lobs-panel.js'
import { QueryBuilderPanel } from '../../features/query-builder/components/query-builder-panel.js'
import { decodeQueryState, encodeQueryState, type QueryState } from '../../lib/query-state.js'

const api = getRouteApi('/authed/c/$cluster/data/$cs/$cl')

function CollectionPage() {
  const { t } = useTranslation()
  const { cluster, cs, cl } = api.useParams()
  const search = api.useSearch()
  const navigate = useNavigate({ from: '/c/$cluster/data/$cs/$cl' })
  const query = decodeQueryState(search.q)
  const indexes = useIndexes(cluster, cs, cl)
  const setQuery = (q: QueryState, tab?: 'documents') => void navigate({ search: (s) => ({ ...s, q: encodeQueryState(q), page: undefined, ...(tab === undefined ? {} : { tab }) }) })
  const tab = search.tab ?? 'documents'
  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2">
      <div className="flex items-center gap-2">
        <h1 className="font-mono text-lg font-semibold">{cs}.{cl}</h1>
        <span className="ml-auto">
          <CollectionActions
            cluster={cluster}
            cs={cs}
            cl={cl}
            onDropped={() => void navigate({ to: '/c/$cluster/data/$cs', params: { cluster, cs }, search: {} })}
            onRenamed={(n) => void navigate({ to: '/c/$cluster/data/$cs/$cl', params: { cluster, cs, cl: n }, search: {} })}
          />
        </span>
      </div>
      <Tabs
        label={t('data.details')}
        value={tab}
        onValueChange={(v) => void navigate({ search: (s) => ({ ...s, tab: v === 'query' || v === 'indexes' || v === 'lobs' || v === 'details' ? v : 'documents' }) })}
        tabs={[
          {
            value: 'documents',
            label: t('data.tabs.documents'),
            content: (
              <DocumentsPanel
                key={search.q ?? ''}
                cluster={cluster}
                cs={cs}
                cl={cl}
                query={query}
                onQueryChange={(q) => setQuery(q)}
                view={search.view ?? 'table'}
                onViewChange={(v) => void navigate({ search: (s) => ({ ...s, view: v }) })}
                page={search.page}
                onPageChange={(p) => void navigate({ search: (s) => ({ ...s, page: p }) })}
              />
            ),
          },
          {
            value: 'query',
            label: t('data.tabs.query'),
            content: <QueryBuilderPanel cluster={cluster} cs={cs} cl={cl} query={query} indexes={indexes.data ?? []} onRun={(q) => setQuery(q, 'documents')} onChange={(q) => setQuery(q)} />,
          },
          { value: 'indexes', label: t('data.tabs.indexes'), content: <IndexesPanel cluster={cluster} cs={cs} cl={cl} /> },
          { value: 'lobs', label: t('data.tabs.lobs'), content: <LobsPanel cluster={cluster} cs={cs} cl={cl} /> },
          { value: 'details', label: t('data.tabs.details'), content: <CollectionDetails cluster={cluster} cs={cs} cl={cl} /> },
        ]}
      />
    </div>
  )
}

/** `/c/:cluster/data/:cs/:cl?tab&view&q&page`. */
export const Route = createLazyRoute('/authed/c/$cluster/data/$cs/$cl')({ component: CollectionPage })
