import type { StopImpact } from '@canopy/api-contract'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { clusterPath, queryKeys } from '../../../lib/query-keys.js'

/** `GET .../nodes/:node/stop-impact` (node = "host:port"). */
export function getStopImpact(cluster: string, node: string, signal?: AbortSignal): Promise<StopImpact> {
  return apiFetch<StopImpact>(`${clusterPath(cluster)}/nodes/${encodeURIComponent(node)}/stop-impact`, signal === undefined ? {} : { signal })
}

/** The impact preview of stopping `node`; fetched fresh each time the dialog opens. */
export function useStopImpact(cluster: string, node: string | null) {
  return useQuery(
    queryOptions({
      queryKey: queryKeys.stopImpact(cluster, node ?? ''),
      queryFn: ({ signal }) => getStopImpact(cluster, node!, signal),
      enabled: node !== null,
      staleTime: 0,
      gcTime: 0,
    }),
  )
}
