import type { CollectionSpaceSummary } from '@canopy/api-contract'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { clusterPath, queryKeys } from '../../../lib/query-keys.js'

/** `GET .../collection-spaces`. */
export function getCollectionSpaces(cluster: string, signal?: AbortSignal): Promise<CollectionSpaceSummary[]> {
  return apiFetch<CollectionSpaceSummary[]>(`${clusterPath(cluster)}/collection-spaces`, signal === undefined ? {} : { signal })
}

/** Query options for a cluster's collection spaces. */
export const collectionSpacesQueryOptions = (cluster: string) =>
  queryOptions({ queryKey: queryKeys.collectionSpaces(cluster), queryFn: ({ signal }) => getCollectionSpaces(cluster, signal) })

/** The collection spaces of `cluster`, each with its collection names. */
export function useCollectionSpaces(cluster: string) {
  return useQuery(collectionSpacesQueryOptions(cluster))
}
