import type { ClusterNode } from '../cluster/cluster.js'

/** Operation counters a node reports in `$snapshot database` and `$snapshot sessions`. */
export interface NodeCounters {
  TotalNumConnects: number
  TotalQuery: number
  TotalSlowQuery: number
  TotalTransCommit: number
  TotalTransRollback: number
  TotalDataRead: number
  TotalIndexRead: number
  TotalDataWrite: number
  TotalIndexWrite: number
  TotalUpdate: number
  TotalDelete: number
  TotalInsert: number
  ReplUpdate: number
  ReplDelete: number
  ReplInsert: number
  TotalSelect: number
  TotalRead: number
  TotalLobGet: number
  TotalLobPut: number
  TotalLobDelete: number
  TotalLobList: number
  TotalLobReadSize: number
  TotalLobWriteSize: number
  TotalLobRead: number
  TotalLobWrite: number
  TotalLobTruncate: number
  TotalLobAddressing: number
  TotalReadTime: number
  TotalWriteTime: number
  ResetTimestamp: Date
}

/** The counter names in the order the real server lists them. */
export const COUNTER_NAMES = [
  'TotalNumConnects', 'TotalQuery', 'TotalSlowQuery', 'TotalTransCommit', 'TotalTransRollback',
  'TotalDataRead', 'TotalIndexRead', 'TotalDataWrite', 'TotalIndexWrite', 'TotalUpdate', 'TotalDelete',
  'TotalInsert', 'ReplUpdate', 'ReplDelete', 'ReplInsert', 'TotalSelect', 'TotalRead', 'TotalLobGet',
  'TotalLobPut', 'TotalLobDelete', 'TotalLobList', 'TotalLobReadSize', 'TotalLobWriteSize', 'TotalLobRead',
  'TotalLobWrite', 'TotalLobTruncate', 'TotalLobAddressing', 'TotalReadTime', 'TotalWriteTime',
] as const satisfies readonly (keyof NodeCounters)[]

/** Name of one numeric counter. */
export type CounterName = (typeof COUNTER_NAMES)[number]

const counters = new WeakMap<ClusterNode, NodeCounters>()
/** The start of the node process each node's counters belong to (`startHistory[0]`). */
const countedSince = new WeakMap<ClusterNode, Date | undefined>()
const collectionCounters = new WeakMap<ClusterNode, Map<string, Map<CollectionCounterName, number>>>()

function fresh(at = new Date()): NodeCounters {
  const c = { ResetTimestamp: at } as NodeCounters
  for (const n of COUNTER_NAMES) c[n] = 0
  return c
}

/**
 * The counters of a node (created on first use). They live in the node process's memory, as on
 * a real node: a restart (a new `startHistory` entry) starts them again from zero.
 */
export function countersOf(node: ClusterNode): NodeCounters {
  forgetIfRestarted(node)
  let c = counters.get(node)
  if (c === undefined) {
    const started = node.startHistory[0]
    c = fresh(started !== undefined && countedSince.has(node) ? started : new Date())
    counters.set(node, c)
    countedSince.set(node, started)
  }
  return c
}

/** Drops a node's counters (node-wide and per collection) kept from before its last start. */
function forgetIfRestarted(node: ClusterNode): void {
  if (!countedSince.has(node) || countedSince.get(node) === node.startHistory[0]) return
  counters.delete(node)
  collectionCounters.delete(node)
}

/** Adds to a node's counters. */
export function count(node: ClusterNode, name: CounterName, by = 1): void {
  countersOf(node)[name] += by
}

/** `$snapshot reset`: zeroes a node's counters. */
export function resetCounters(node: ClusterNode): void {
  counters.set(node, fresh())
  countedSince.set(node, node.startHistory[0])
  resetCollectionCounters(node)
}

/** The per-collection counters of `$snapshot collections`, in the order the real server lists them. */
export const COLLECTION_COUNTER_NAMES = [
  'TotalDataRead', 'TotalIndexRead', 'TotalDataWrite', 'TotalIndexWrite', 'TotalUpdate', 'TotalDelete', 'TotalInsert',
  'TotalSelect', 'TotalRead', 'TotalWrite', 'TotalTbScan', 'TotalIxScan', 'TotalLobGet', 'TotalLobPut', 'TotalLobDelete',
  'TotalLobList', 'TotalLobReadSize', 'TotalLobWriteSize', 'TotalLobRead', 'TotalLobWrite', 'TotalLobTruncate',
  'TotalLobAddressing',
] as const

/** Name of one per-collection counter. */
export type CollectionCounterName = (typeof COLLECTION_COUNTER_NAMES)[number]

/**
 * Adds to the counters one node keeps for one collection. A real data node reports them in
 * `$snapshot collections` (TotalInsert, TotalRead, TotalTbScan, ...), so tools that watch a
 * collection's activity see it move.
 */
export function countCollection(node: ClusterNode, collection: string, name: CollectionCounterName, by = 1): void {
  countersOf(node)
  let perNode = collectionCounters.get(node)
  if (perNode === undefined) {
    perNode = new Map()
    collectionCounters.set(node, perNode)
  }
  let c = perNode.get(collection)
  if (c === undefined) {
    c = new Map()
    perNode.set(collection, c)
  }
  c.set(name, (c.get(name) ?? 0) + by)
}

/** One counter a node keeps for a collection (0 when nothing happened yet). */
export function collectionCounter(node: ClusterNode, collection: string, name: CollectionCounterName): number {
  forgetIfRestarted(node)
  return collectionCounters.get(node)?.get(collection)?.get(name) ?? 0
}

/** Forgets a node's per-collection counters (`$snapshot reset`, a dropped collection). */
export function resetCollectionCounters(node: ClusterNode, collection?: string): void {
  if (collection === undefined) collectionCounters.delete(node)
  else collectionCounters.get(node)?.delete(collection)
}
