import type { CreateSavedQueryRequest, SavedQuery, SavedQueryList } from '@canopy/api-contract'
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { queryKeys } from '../../../lib/query-keys.js'

/** Query options of the saved queries for one collection (own and shared). */
export const savedQueriesQueryOptions = (cluster: string, collection: string) =>
  queryOptions({
    queryKey: [...queryKeys.savedQueries(), cluster, collection],
    queryFn: async ({ signal }) => (await apiFetch<SavedQueryList>('/saved-queries', { query: { cluster, collection }, signal })).queries,
  })

/** Saved queries of a collection. */
export function useSavedQueries(cluster: string, collection: string) {
  return useQuery(savedQueriesQueryOptions(cluster, collection))
}

/** Saves and deletes saved queries. */
export function useSavedQueryMutations() {
  const qc = useQueryClient()
  const invalidate = () => qc.invalidateQueries({ queryKey: queryKeys.savedQueries() })
  return {
    save: useMutation({ mutationFn: (body: CreateSavedQueryRequest) => apiFetch<SavedQuery>('/saved-queries', { method: 'POST', body }), onSuccess: invalidate }),
    remove: useMutation({ mutationFn: (id: string) => apiFetch(`/saved-queries/${encodeURIComponent(id)}`, { method: 'DELETE' }), onSuccess: invalidate }),
  }
}
