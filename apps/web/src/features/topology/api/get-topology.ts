import type { Topology } from '@canopy/api-contract'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { clusterPath, queryKeys } from '../../../lib/query-keys.js'

/** `GET .../topology`. */
export function getTopology(cluster: string, signal?: AbortSignal): Promise<Topology> {
  return apiFetch<Topology>(`${clusterPath(cluster)}/topology`, signal === undefined ? {} : { signal })
}

/**
 * Query options for the topology. Without a live event stream the map polls every 2 s, which
 * keeps it within the two seconds the console promises.
 */
export const topologyQueryOptions = (cluster: string, streaming = false) =>
  queryOptions({
    queryKey: queryKeys.topology(cluster),
    queryFn: ({ signal }) => getTopology(cluster, signal),
    refetchInterval: streaming ? false : 2_000,
    staleTime: 1_000,
  })

/** The cluster's groups and nodes, kept fresh. */
export function useTopology(cluster: string, streaming = false) {
  return useQuery(topologyQueryOptions(cluster, streaming))
}
