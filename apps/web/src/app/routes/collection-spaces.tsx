import { createLazyRoute, getRouteApi } from '@tanstack/react-router'
import { CollectionSpaceList } from '../../features/collection-spaces/components/collection-space-list.js'

const api = getRouteApi('/authed/c/$cluster/data')

function CollectionSpacesPage() {
  const { cluster } = api.useParams()
  return <CollectionSpaceList cluster={cluster} />
}

/** `/c/:cluster/data`. */
export const Route = createLazyRoute('/authed/c/$cluster/data')({ component: CollectionSpacesPage })
