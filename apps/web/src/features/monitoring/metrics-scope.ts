import type { MetricsSample, Topology } from '@canopy/api-contract'

/** What the live charts show: the whole cluster, one replica group, or one node ("host:port"). */
export type MetricsScope =
  | { readonly kind: 'cluster' }
  | { readonly kind: 'group'; readonly name: string }
  | { readonly kind: 'node'; readonly name: string }

/** The whole cluster (the default scope). */
export const clusterScope: MetricsScope = { kind: 'cluster' }

/**
 * Reads the `scope` search param: absent or `cluster` = the whole cluster, `group:<name>`,
 * `node:<host:port>`; anything else falls back to the cluster.
 */
export function parseScope(text: string | undefined): MetricsScope {
  if (text === undefined) return clusterScope
  const i = text.indexOf(':')
  const kind = i < 0 ? text : text.slice(0, i)
  const name = i < 0 ? '' : text.slice(i + 1)
  if ((kind === 'group' || kind === 'node') && name !== '') return { kind, name }
  return clusterScope
}

/** The `scope` search param of a scope; undefined for the whole cluster (kept out of the URL). */
export function formatScope(scope: MetricsScope): string | undefined {
  return scope.kind === 'cluster' ? undefined : `${scope.kind}:${scope.name}`
}

/** One point of a scope's series: rates per second, null where the scope has no value (down, unknown). */
export interface RatePoint {
  readonly at: string
  readonly insert: number | null
  readonly update: number | null
  readonly delete: number | null
  readonly read: number | null
}

const none = { insert: null, update: null, delete: null, read: null } as const

/** The chosen scope's rates in each sample; a gap (nulls) where the sample does not cover it. */
export function scopeSeries(samples: readonly MetricsSample[], scope: MetricsScope): RatePoint[] {
  return samples.map((s) => {
    if (scope.kind === 'cluster') return { at: s.at, insert: s.insert, update: s.update, delete: s.delete, read: s.read }
    const found = scope.kind === 'group' ? s.groups?.find((g) => g.name === scope.name) : s.nodes?.find((n) => n.name === scope.name)
    if (found === undefined) return { at: s.at, ...none }
    return { at: s.at, insert: found.insert, update: found.update, delete: found.delete, read: found.read }
  })
}

/** One choice of the scope picker. */
export interface ScopeOption {
  readonly value: string
  readonly name: string
  readonly isPrimary?: boolean
}

/** The picker's choices: groups and their nodes, grouped. */
export interface ScopeOptions {
  readonly groups: readonly ScopeOption[]
  readonly nodes: readonly { readonly group: string; readonly nodes: readonly ScopeOption[] }[]
}

/**
 * Groups and nodes to pick from: the topology's data and coordinator groups (the catalog is not in
 * a database snapshot), plus any the samples report that the topology does not show yet.
 */
export function scopeOptions(topology: Topology | undefined, last: MetricsSample | undefined): ScopeOptions {
  const groups = new Map<string, Map<string, ScopeOption>>()
  const groupOf = (name: string) => {
    let g = groups.get(name)
    if (g === undefined) {
      g = new Map()
      groups.set(name, g)
    }
    return g
  }
  for (const g of topology?.groups ?? []) {
    if (g.role === 'catalog') continue
    const nodes = groupOf(g.name)
    for (const n of g.nodes) nodes.set(n.id, { value: `node:${n.id}`, name: n.id, isPrimary: n.isPrimary })
  }
  for (const g of last?.groups ?? []) groupOf(g.name)
  for (const n of last?.nodes ?? []) {
    const nodes = groupOf(n.group)
    if (!nodes.has(n.name)) nodes.set(n.name, { value: `node:${n.name}`, name: n.name, isPrimary: n.isPrimary })
  }
  return {
    groups: [...groups.keys()].map((name) => ({ value: `group:${name}`, name })),
    nodes: [...groups.entries()].filter(([, n]) => n.size > 0).map(([group, n]) => ({ group, nodes: [...n.values()] })),
  }
}
