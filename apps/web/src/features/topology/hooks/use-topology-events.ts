import type { ClusterEvent, MetricsSample, Topology } from '@canopy/api-contract'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { apiUrl } from '../../../lib/api-client.js'
import { subscribeEvents } from '../../../lib/event-stream.js'
import { clusterPath, queryKeys } from '../../../lib/query-keys.js'

/**
 * Follows the cluster's event stream: each `topology` event replaces the cached topology at once.
 * Returns whether the stream is open; while it is not, the topology query polls instead.
 */
export function useTopologyEvents(cluster: string, onMetrics?: (m: MetricsSample) => void): boolean {
  const qc = useQueryClient()
  const [open, setOpen] = useState(false)
  useEffect(() => {
    setOpen(false)
    return subscribeEvents(
      apiUrl(`${clusterPath(cluster)}/events`),
      {
        topology: (data) => {
          const ev = data as Extract<ClusterEvent, { type: 'topology' }>
          if (typeof ev === 'object' && ev !== null && 'topology' in ev) qc.setQueryData<Topology>(queryKeys.topology(cluster), ev.topology)
        },
        metrics: (data) => {
          const ev = data as Extract<ClusterEvent, { type: 'metrics' }>
          if (typeof ev === 'object' && ev !== null && 'metrics' in ev) onMetrics?.(ev.metrics)
        },
      },
      setOpen,
    )
  }, [cluster, qc, onMetrics])
  return open
}
