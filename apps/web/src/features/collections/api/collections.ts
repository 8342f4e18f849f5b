import type { CollectionSummary, CreateCollectionBody } from '@canopy/api-contract'
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { clusterPath, collectionPath, queryKeys } from '../../../lib/query-keys.js'

const csPath = (cluster: string, cs: string) => `${clusterPath(cluster)}/collection-spaces/${encodeURIComponent(cs)}`

/** `GET .../collection-spaces/:cs/collections`. */
export function getCollections(cluster: string, cs: string, signal?: AbortSignal): Promise<CollectionSummary[]> {
  return apiFetch<CollectionSummary[]>(`${csPath(cluster, cs)}/collections`, signal === undefined ? {} : { signal })
}

/** Query options of a collection space's collections (shared key with the tree). */
export const collectionsQueryOptions = (cluster: string, cs: string) =>
  queryOptions({ queryKey: queryKeys.collections(cluster, cs), queryFn: ({ signal }) => getCollections(cluster, cs, signal) })

/** The collections of `cs` with statistics. */
export function useCollections(cluster: string, cs: string) {
  return useQuery(collectionsQueryOptions(cluster, cs))
}

/** `GET .../collections/:cl`: storage and sharding attributes. */
export function useCollectionDetails(cluster: string, cs: string, cl: string) {
  return useQuery({
    queryKey: [...queryKeys.collection(cluster, cs, cl), 'details'],
    queryFn: ({ signal }) => apiFetch<CollectionSummary>(collectionPath(cluster, cs, cl), { signal }),
  })
}

/** Creates a collection with any of SequoiaDB's createCL options. */
export function useCreateCollection(cluster: string, cs: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateCollectionBody) => apiFetch(`${csPath(cluster, cs)}/collections`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.collectionSpaces(cluster) }),
  })
}

/** What a collection-level change does. */
export type CollectionChange = { kind: 'drop'; cl: string } | { kind: 'truncate'; cl: string } | { kind: 'rename'; cl: string; newName: string }

/** Drops, truncates or renames a collection. */
export function useChangeCollection(cluster: string, cs: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (c: CollectionChange) => {
      const p = collectionPath(cluster, cs, c.cl)
      if (c.kind === 'drop') return apiFetch(p, { method: 'DELETE' })
      if (c.kind === 'truncate') return apiFetch(`${p}/truncate`, { method: 'POST' })
      return apiFetch(`${p}/rename`, { method: 'POST', body: { newName: c.newName } })
    },
    onSuccess: (_r, c) => {
      if (c.kind !== 'truncate') qc.removeQueries({ queryKey: queryKeys.collection(cluster, cs, c.cl) })
      return qc.invalidateQueries({ queryKey: c.kind === 'truncate' ? queryKeys.collection(cluster, cs, c.cl) : queryKeys.collectionSpaces(cluster) })
    },
  })
}
