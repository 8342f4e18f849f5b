import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router'
import { TopologyView } from '../../features/topology/components/topology-view.js'

const api = getRouteApi('/authed/c/$cluster/topology')

function TopologyPage() {
  const { cluster } = api.useParams()
  const { view, node } = api.useSearch()
  const navigate = useNavigate({ from: '/c/$cluster/topology' })
  return (
    <TopologyView
      cluster={cluster}
      view={view ?? 'map'}
      selectedNode={node}
      onViewChange={(v) => void navigate({ search: (s) => ({ ...s, view: v }) })}
      onSelectNode={(id) => void navigate({ search: (s) => ({ ...s, node: id }) })}
    />
  )
}

/** `/c/:cluster/topology?view&node`. */
export const Route = createLazyRoute('/authed/c/$cluster/topology')({ component: TopologyPage })
