import { createLazyRoute, getRouteApi } from '@tanstack/react-router'
import { CollectionList } from '../../features/collections/components/collection-list.js'

const api = getRouteApi('/authed/c/$cluster/data/$cs')

function CollectionsPage() {
  const { cluster, cs } = api.useParams()
  return <CollectionList cluster={cluster} cs={cs} />
}

/** `/c/:cluster/data/:cs`. */
export const Route = createLazyRoute('/authed/c/$cluster/data/$cs')({ component: CollectionsPage })
