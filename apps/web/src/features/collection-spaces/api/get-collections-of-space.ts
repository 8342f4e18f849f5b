import type { CollectionSummary } from '@canopy/api-contract'
import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { clusterPath, queryKeys } from '../../../lib/query-keys.js'

/** `GET .../collection-spaces/:cs/collections`: the tree reads it for the per-collection counts. */
export function getCollectionsOfSpace(cluster: string, cs: string, signal?: AbortSignal): Promise<CollectionSummary[]> {
  return apiFetch<CollectionSummary[]>(`${clusterPath(cluster)}/collection-spaces/${encodeURIComponent(cs)}/collections`, signal === undefined ? {} : { signal })
}

/** Query options shared with the collections list (same key, same shape). */
export const collectionsOfSpaceQueryOptions = (cluster: string, cs: string) =>
  queryOptions({ queryKey: queryKeys.collections(cluster, cs), queryFn: ({ signal }) => getCollectionsOfSpace(cluster, cs, signal) })
