import type { ClusterEvent, MetricsSample, Topology } from '@canopy/api-contract'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { apiUrl } from '../../../lib/api-client.js'
import { subscribeEvents } from '../../../lib/event-stream.js'
import { clusterPath, queryKeys } from '../../../lib/query-keys.js'

/** The cluster outage the event stream announced (`status: down`), with the time it arrived. */
export interface StreamOutage {
  readonly code: string
  readonly message: string
  /** `Date.now()` when the event arrived: a topology fetched later supersedes it. */
  readonly at: number
}

/** What the event stream says: whether it is open, and the outage it announced, if any. */
export interface TopologyEvents {
  readonly open: boolean
  readonly outage: StreamOutage | null
}

/**
 * Follows the cluster's event stream: each `topology` event replaces the cached topology at once;
 * `status` events report an outage (down) and its end (up, which refetches the topology so the map
 * is current at once). While the stream is not open, the topology query polls instead.
 */
export function useTopologyEvents(cluster: string, onMetrics?: (m: MetricsSample) => void): TopologyEvents {
  const qc = useQueryClient()
  const [open, setOpen] = useState(false)
  const [outage, setOutage] = useState<StreamOutage | null>(null)
  useEffect(() => {
    setOpen(false)
    setOutage(null)
    const refetch = () => void qc.invalidateQueries({ queryKey: queryKeys.topology(cluster) })
    return subscribeEvents(
      apiUrl(`${clusterPath(cluster)}/events`),
      {
        topology: (data) => {
          const ev = data as Extract<ClusterEvent, { type: 'topology' }>
          if (typeof ev === 'object' && ev !== null && 'topology' in ev) {
            qc.setQueryData<Topology>(queryKeys.topology(cluster), ev.topology)
            setOutage(null)
          }
        },
        metrics: (data) => {
          const ev = data as Extract<ClusterEvent, { type: 'metrics' }>
          if (typeof ev === 'object' && ev !== null && 'metrics' in ev) onMetrics?.(ev.metrics)
        },
        status: (data) => {
          const ev = data as Extract<ClusterEvent, { type: 'status' }>
          if (typeof ev !== 'object' || ev === null || !('status' in ev)) return
          if (ev.status === 'down') {
            setOutage({ code: ev.error?.code ?? 'CLUSTER_UNAVAILABLE', message: ev.error?.message ?? '', at: Date.now() })
          } else {
            setOutage(null)
          }
          refetch()
        },
      },
      (isOpen) => {
        setOpen(isOpen)
        // A reconnected stream may have missed status events: the poll tells the truth.
        if (isOpen) refetch()
      },
    )
  }, [cluster, qc, onMetrics])
  return { open, outage }
}
