import type { CreateIndexBody, IndexInfo } from '@canopy/api-contract'
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { collectionPath, queryKeys } from '../../../lib/query-keys.js'

/** Query options of a collection's indexes. */
export const indexesQueryOptions = (cluster: string, cs: string, cl: string) =>
  queryOptions({ queryKey: queryKeys.indexes(cluster, cs, cl), queryFn: ({ signal }) => apiFetch<IndexInfo[]>(`${collectionPath(cluster, cs, cl)}/indexes`, { signal }) })

/** The indexes of a collection. */
export function useIndexes(cluster: string, cs: string, cl: string) {
  return useQuery(indexesQueryOptions(cluster, cs, cl))
}

/** Creates and drops indexes. */
export function useIndexMutations(cluster: string, cs: string, cl: string) {
  const qc = useQueryClient()
  const invalidate = () => qc.invalidateQueries({ queryKey: queryKeys.indexes(cluster, cs, cl) })
  return {
    create: useMutation({ mutationFn: (body: CreateIndexBody) => apiFetch(`${collectionPath(cluster, cs, cl)}/indexes`, { method: 'POST', body }), onSuccess: invalidate }),
    drop: useMutation({ mutationFn: (name: string) => apiFetch(`${collectionPath(cluster, cs, cl)}/indexes/${encodeURIComponent(name)}`, { method: 'DELETE' }), onSuccess: invalidate }),
  }
}

/** The fields an index can serve as a leading key (what the query builder marks). */
export function indexedLeadingFields(indexes: readonly IndexInfo[]): Set<string> {
  return new Set(indexes.map((i) => Object.keys(i.key)[0]).filter((k): k is string => k !== undefined))
}
