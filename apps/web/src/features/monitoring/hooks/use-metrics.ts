import type { ClusterEvent, MetricsSample, Topology } from '@canopy/api-contract'
import { useEffect, useRef, useState } from 'react'
import { apiUrl } from '../../../lib/api-client.js'
import { subscribeEvents } from '../../../lib/event-stream.js'
import { clusterPath } from '../../../lib/query-keys.js'

/**
 * Keeps the last `windowSeconds` of metrics samples from the cluster's event stream (each with
 * the per-group and per-node rates when the server sends them), and the topology the same stream
 * announces (for the scope picker). While paused, new samples are dropped, so the chart holds still.
 */
export function useMetrics(cluster: string, windowSeconds: number, paused: boolean) {
  const [samples, setSamples] = useState<readonly MetricsSample[]>([])
  const [topology, setTopology] = useState<Topology | undefined>(undefined)
  const [connected, setConnected] = useState(false)
  const pausedRef = useRef(paused)
  pausedRef.current = paused
  useEffect(() => {
    setSamples([])
    setTopology(undefined)
    return subscribeEvents(
      apiUrl(`${clusterPath(cluster)}/events`),
      {
        metrics: (data) => {
          const ev = data as Extract<ClusterEvent, { type: 'metrics' }>
          if (pausedRef.current || typeof ev !== 'object' || ev === null || !('metrics' in ev)) return
          setSamples((prev) => {
            const cutoff = Date.parse(ev.metrics.at) - 3_600_000
            return [...prev.filter((s) => Date.parse(s.at) >= cutoff), ev.metrics]
          })
        },
        topology: (data) => {
          const ev = data as Extract<ClusterEvent, { type: 'topology' }>
          if (typeof ev === 'object' && ev !== null && 'topology' in ev) setTopology(ev.topology)
        },
      },
      setConnected,
    )
  }, [cluster])
  const now = samples.length === 0 ? Date.now() : Date.parse(samples[samples.length - 1]!.at)
  return { samples: samples.filter((s) => Date.parse(s.at) >= now - windowSeconds * 1000), connected, topology }
}
