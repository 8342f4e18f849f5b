import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router'
import { MonitoringView } from '../../features/monitoring/components/monitoring-view.js'

const api = getRouteApi('/authed/c/$cluster/monitoring')
const snapshotTypes = ['sessions', 'contexts', 'collections', 'health', 'database'] as const

function MonitoringPage() {
  const { cluster } = api.useParams()
  const search = api.useSearch()
  const navigate = useNavigate({ from: '/c/$cluster/monitoring' })
  return (
    <MonitoringView
      cluster={cluster}
      windowSeconds={search.window ?? 300}
      onWindowChange={(w) => void navigate({ search: (s) => ({ ...s, window: w }) })}
      snapshot={snapshotTypes.find((x) => x === search.snapshot) ?? 'sessions'}
      onSnapshotChange={(x) => void navigate({ search: (s) => ({ ...s, snapshot: x }) })}
      scope={search.scope}
      onScopeChange={(x) => void navigate({ search: (s) => ({ ...s, scope: x }) })}
    />
  )
}

/** `/c/:cluster/monitoring?snapshot&window&scope` (scope: `group:<name>` or `node:<host:port>`). */
export const Route = createLazyRoute('/authed/c/$cluster/monitoring')({ component: MonitoringPage })
