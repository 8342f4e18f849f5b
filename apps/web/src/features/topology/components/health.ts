import type { TopologyGroup, TopologyNode } from '@canopy/api-contract'
import type { BadgeTone } from '../../../components/ui/badge.js'

/** What the map shows for a node: the server's state, or the transition the user started. */
export type DisplayStatus = TopologyNode['status'] | 'starting' | 'stopping'

/** Badge tone of a node status. */
export function statusTone(s: DisplayStatus): BadgeTone {
  if (s === 'running') return 'good'
  if (s === 'stopped') return 'bad'
  if (s === 'starting' || s === 'stopping') return 'info'
  return 'warn'
}

/** Health of a group: all running, degraded (majority kept), or down (majority lost). */
export function groupHealth(g: TopologyGroup): 'good' | 'warn' | 'bad' {
  const running = g.nodes.filter((n) => n.status === 'running').length
  if (g.nodes.length === 0) return 'warn'
  if (running === g.nodes.length) return 'good'
  return running * 2 > g.nodes.length ? 'warn' : 'bad'
}

/** Human form of a lag in log bytes ("0 B", "12.5 KB"). */
export function formatLag(bytes: string | null): string {
  if (bytes === null) return '—'
  const n = Number(bytes)
  if (!Number.isFinite(n)) return bytes
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`
  return `${(n / 1024 ** 3).toFixed(1)} GB`
}

/** Coord, catalog, then data groups in name order: how DBAs read a cluster. */
export function orderGroups(groups: readonly TopologyGroup[]): TopologyGroup[] {
  const rank = { coord: 0, catalog: 1, data: 2 } as const
  return [...groups].sort((a, b) => rank[a.role] - rank[b.role] || a.name.localeCompare(b.name))
}
