import type { ClusterSummary } from '@canopy/api-contract'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { queryKeys } from '../../../lib/query-keys.js'

/** `GET /api/clusters`. */
export function getClusters(): Promise<ClusterSummary[]> {
  return apiFetch<ClusterSummary[]>('/clusters')
}

/** Query options for the configured clusters. */
export const clustersQueryOptions = () => queryOptions({ queryKey: queryKeys.clusters(), queryFn: getClusters, staleTime: 30_000 })

/** The configured clusters with their health. */
export function useClusters() {
  return useQuery(clustersQueryOptions())
}
