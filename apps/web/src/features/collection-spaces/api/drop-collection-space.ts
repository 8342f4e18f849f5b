import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { clusterPath, queryKeys } from '../../../lib/query-keys.js'

/** `DELETE .../collection-spaces/:cs`. */
export function dropCollectionSpace(cluster: string, cs: string): Promise<unknown> {
  return apiFetch(`${clusterPath(cluster)}/collection-spaces/${encodeURIComponent(cs)}`, { method: 'DELETE' })
}

/** Drops a collection space and refreshes everything under it. */
export function useDropCollectionSpace(cluster: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (cs: string) => dropCollectionSpace(cluster, cs),
    onSuccess: (_r, cs) => {
      qc.removeQueries({ queryKey: queryKeys.collectionSpace(cluster, cs) })
      return qc.invalidateQueries({ queryKey: queryKeys.collectionSpaces(cluster) })
    },
  })
}
