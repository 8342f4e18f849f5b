import type { CreateCollectionSpaceBody } from '@canopy/api-contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { clusterPath, queryKeys } from '../../../lib/query-keys.js'

/** `POST .../collection-spaces`. */
export function createCollectionSpace(cluster: string, body: CreateCollectionSpaceBody): Promise<unknown> {
  return apiFetch(`${clusterPath(cluster)}/collection-spaces`, { method: 'POST', body })
}

/** Creates a collection space and refreshes the list. */
export function useCreateCollectionSpace(cluster: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateCollectionSpaceBody) => createCollectionSpace(cluster, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.collectionSpaces(cluster) }),
  })
}
