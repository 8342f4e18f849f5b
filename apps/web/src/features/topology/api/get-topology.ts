import type { Topology } from '@canopy/api-contract'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { ApiError, apiFetch } from '../../../lib/api-client.js'
import { clusterPath, queryKeys } from '../../../lib/query-keys.js'

/** `GET .../topology`. */
export function getTopology(cluster: string, signal?: AbortSignal): Promise<Topology> {
  return apiFetch<Topology>(`${clusterPath(cluster)}/topology`, signal === undefined ? {} : { signal })
}

/** Poll period while the cluster is down: the map must recover within seconds of the restart. */
export const OUTAGE_POLL_MS = 1_500

/** Whether an error means the cluster (or the console server) cannot be reached, not a refusal. */
export function isOutageError(err: unknown): err is ApiError {
  return err instanceof ApiError && (err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504 || err.code === 'CLUSTER_UNAVAILABLE')
}

/**
 * Query options for the topology. Without a live event stream the map polls every 2 s, which
 * keeps it within the two seconds the console promises. While the cluster is down (`down`, or
 * the last fetch failed) it polls every {@link OUTAGE_POLL_MS} even with the stream open, in the
 * background too, so the page recovers by itself; the poll is the retry, hence `retry: false`
 * (back-off retries would hold the next poll for seconds).
 */
export const topologyQueryOptions = (cluster: string, streaming = false, down = false) =>
  queryOptions({
    queryKey: queryKeys.topology(cluster),
    queryFn: ({ signal }) => getTopology(cluster, signal),
    refetchInterval: (query) => (down || query.state.status === 'error' ? OUTAGE_POLL_MS : streaming ? false : 2_000),
    refetchIntervalInBackground: down,
    retry: false,
    staleTime: 1_000,
  })

/** The cluster's groups and nodes, kept fresh. */
export function useTopology(cluster: string, streaming = false, down = false) {
  return useQuery(topologyQueryOptions(cluster, streaming, down))
}
