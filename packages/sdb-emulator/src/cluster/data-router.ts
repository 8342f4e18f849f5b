import { SdbFault } from '../engine/fault.js'
import type { CatalogStore, CollectionInfo, DataNodeStore } from '../storage/index.js'
import type { Cluster, ClusterNode, ReplicaGroup, Replicator } from './cluster.js'
import { GroupRole } from './cluster.js'
import { NodeState } from './node-state.js'

/** Oplog entries shipped per round when a secondary replicates. */
const OPLOG_BATCH = 2000

/** A data node together with its store. */
export interface NodeStore {
  readonly node: ClusterNode
  readonly group: ReplicaGroup
  readonly store: DataNodeStore
}

/**
 * What a coordinator does with data: finds where a collection lives, sends writes to the
 * primary of the owning group, reads from a running node of every group, and ships the
 * primary's oplog to the secondaries.
 */
export class DataRouter implements Replicator {
  private readonly stores = new Map<number, DataNodeStore>()
  private readonly reconciled = new WeakSet<ReplicaGroup>()
  private cluster: Cluster | undefined

  constructor(
    private readonly catalog: CatalogStore,
    private readonly openStore: (node: ClusterNode) => DataNodeStore,
  ) {}

  /** Connects the router to its cluster (the two refer to each other). */
  attach(cluster: Cluster): void {
    this.cluster = cluster
    cluster.onEvent((event) => {
      if (event.type === 'primary-changed') this.reconcileOnce(event.group)
    })
  }

  /**
   * The first primary of a data group in this process (at start-up) repairs DDLs a crash cut
   * short: a DDL writes the catalog first and the data nodes second, so the catalog is right.
   */
  private reconcileOnce(group: ReplicaGroup): void {
    if (group.role !== GroupRole.Data || group.primaryNodeId === undefined || this.reconciled.has(group)) return
    this.reconciled.add(group)
    try {
      this.reconcile(group)
    } catch {
      // Never let the repair stop an election; the mismatch then shows as the real error codes.
    }
  }

  /**
   * Brings a group's primary in line with the catalog, through its log so the secondaries follow:
   * creates the collections (and indexes) the catalog places on the group but the node lacks,
   * and drops the collections (and indexes) the catalog no longer has. Returns what changed.
   */
  reconcile(group: ReplicaGroup): { created: string[]; dropped: string[]; renamed: string[]; indexes: number } {
    const primary = this.topology.primaryOf(group)
    const changes = { created: [] as string[], dropped: [] as string[], renamed: [] as string[], indexes: 0 }
    if (primary === undefined) return changes
    const store = this.store(primary)
    const wanted = this.catalog.listCollections().filter((info) => info.placement.some((p) => p.groupId === group.groupId))
    const names = new Set(wanted.map((info) => info.name))
    const extra = store.collectionNames().filter((name) => !names.has(name))
    // A rename cut short keeps its records: pair the node's stray name with the catalog's new one.
    for (const [from, to] of renamePairs(extra, wanted.map((info) => info.name).filter((name) => !store.hasCollection(name)))) {
      if (from.slice(0, from.indexOf('.')) === to.slice(0, to.indexOf('.'))) store.renameCollection(from, to)
      else store.renameCollectionSpace(from.slice(0, from.indexOf('.')), to.slice(0, to.indexOf('.')))
      changes.renamed.push(`${from}->${to}`)
    }
    for (const name of store.collectionNames()) {
      if (names.has(name)) continue
      store.dropCollection(name)
      changes.dropped.push(name)
    }
    for (const info of wanted) {
      const indexes = this.catalog.listIndexes(info.name)
      if (!store.hasCollection(info.name)) {
        store.createCollection(info.name, indexes)
        changes.created.push(info.name)
        continue
      }
      const held = store.indexes(info.name)
      for (const def of held) {
        if (indexes.some((d) => d.name === def.name)) continue
        store.dropIndex(info.name, def.name)
        changes.indexes += 1
      }
      for (const def of indexes) {
        if (held.some((d) => d.name === def.name)) continue
        try {
          store.createIndex(info.name, def)
          changes.indexes += 1
        } catch {
          // A unique index the records now violate stays unbuilt, as the failed build left it.
        }
      }
    }
    if (changes.created.length + changes.dropped.length + changes.renamed.length + changes.indexes > 0) this.afterWrite(group)
    return changes
  }

  private get topology(): Cluster {
    if (this.cluster === undefined) throw new SdbFault(-10, 'Data router is not attached to a cluster')
    return this.cluster
  }

  /** The store of a data node (opened on first use; stores outlive node stops). */
  store(node: ClusterNode): DataNodeStore {
    let s = this.stores.get(node.nodeId)
    if (s === undefined) {
      s = this.openStore(node)
      this.stores.set(node.nodeId, s)
    }
    return s
  }

  /** The store of a node if it has been opened. */
  openedStore(nodeId: number): DataNodeStore | undefined {
    return this.stores.get(nodeId)
  }

  /** Closes a removed node's store. */
  forget(node: ClusterNode): void {
    this.stores.get(node.nodeId)?.close()
    this.stores.delete(node.nodeId)
  }

  /** Replicator: the applied position of a node's store. */
  lsnOf(node: ClusterNode): bigint {
    if (node.group.role !== GroupRole.Data) return node.lsn
    return BigInt(this.store(node).currentLsn().offset)
  }

  /** Replicator: ships `from`'s oplog entries that `to` lacks (at most about `maxEntries`). */
  sync(from: ClusterNode, to: ClusterNode, maxEntries = Number.POSITIVE_INFINITY): bigint {
    if (from.group.role !== GroupRole.Data) return from.lsn
    const source = this.store(from)
    const target = this.store(to)
    const end = source.currentLsn().offset
    let position = target.currentLsn().offset
    let shipped = 0
    while (position < end && shipped < maxEntries) {
      const entries = source.readOplog(position, OPLOG_BATCH)
      if (entries === null) {
        // The primary no longer has (or never had) this position: copy its whole state.
        target.restoreSnapshot(source.snapshot())
        position = target.currentLsn().offset
        break
      }
      if (entries.length === 0) break
      target.applyOplog(entries)
      shipped += entries.length
      const next = target.currentLsn().offset
      // Stop when nothing moved, so a misunderstanding of positions can never spin forever.
      if (next <= position) break
      position = next
    }
    return BigInt(position)
  }

  /** The collection's catalog entry: -23 when missing (-34 when its space is missing too). */
  collection(fullName: string): CollectionInfo {
    const info = this.catalog.getCollection(fullName)
    if (info !== undefined) return info
    const dot = fullName.indexOf('.')
    if (dot <= 0 || dot === fullName.length - 1) throw new SdbFault(-6, `Invalid collection name: ${fullName}`)
    if (this.catalog.getCollectionSpace(fullName.slice(0, dot)) === undefined) {
      throw new SdbFault(-34, `Collection space ${fullName.slice(0, dot)} does not exist`)
    }
    throw new SdbFault(-23, `Collection ${fullName} does not exist`)
  }

  /** The groups a collection lives on, in placement order. */
  groupsOf(info: CollectionInfo): ReplicaGroup[] {
    const out: ReplicaGroup[] = []
    for (const p of info.placement) {
      const g = this.topology.groupById(p.groupId)
      if (g !== undefined && !out.includes(g)) out.push(g)
    }
    return out
  }

  /**
   * Where a write to `group` goes: its primary, after the ReplSize check (-104, -105). Through a
   * data node (`via`), only that node's own group is reachable and only while it is primary.
   */
  writeTarget(group: ReplicaGroup, replSize: number, via?: ClusterNode): NodeStore {
    if (via !== undefined && via.group.role === GroupRole.Data) {
      if (via.group !== group) throw new SdbFault(-23, 'The collection has no data on this node')
      if (group.primaryNodeId !== via.nodeId) throw new SdbFault(-104, 'This node is not the primary of its group')
    }
    this.topology.acceptWrite(group, replSize)
    const node = this.topology.primaryOf(group)!
    return { node, group, store: this.store(node) }
  }

  /** Replicates after a write on `group`'s primary. */
  afterWrite(group: ReplicaGroup, replSize = 1): void {
    this.topology.recordWrite(group, replSize)
  }

  /**
   * Where a read on `group` goes: the primary, else any running node (reads are served without
   * a majority); -79 when no node of the group runs.
   */
  readTarget(group: ReplicaGroup): NodeStore {
    const primary = this.topology.primaryOf(group)
    const node =
      primary !== undefined && primary.state === NodeState.Running ? primary : this.topology.runningNodes(group)[0]
    if (node === undefined) throw new SdbFault(-79, `No node of group ${group.name} is running`)
    return { node, group, store: this.store(node) }
  }

  /**
   * One read target per group of the collection. Through a data node (`via`) a query reads that
   * node's own store only, as a client connected straight to a data node does.
   */
  readTargets(info: CollectionInfo, via?: ClusterNode): NodeStore[] {
    if (via !== undefined && via.group.role === GroupRole.Data) {
      if (!this.groupsOf(info).includes(via.group)) throw new SdbFault(-23, 'The collection has no data on this node')
      return [{ node: via, group: via.group, store: this.store(via) }]
    }
    return this.groupsOf(info).map((g) => this.readTarget(g))
  }

  /**
   * Runs a metadata change (create/drop collection, index, truncate...) on the primary of each
   * given group and replicates it like any write, so every node's log stays in the same order;
   * stopped nodes get it when they catch up.
   */
  onPrimaries(groups: readonly ReplicaGroup[], fn: (store: DataNodeStore, node: ClusterNode) => void): void {
    for (const g of groups) {
      const target = this.writeTarget(g, 1)
      fn(target.store, target.node)
      this.afterWrite(g)
    }
  }

  /** Every data group (for space-wide operations). */
  dataGroups(): ReplicaGroup[] {
    return this.topology.dataGroups()
  }

  /** Closes every store. */
  close(): void {
    for (const s of this.stores.values()) s.close()
    this.stores.clear()
  }
}

const spaceOf = (name: string): string => name.slice(0, name.indexOf('.'))
const shortOf = (name: string): string => name.slice(name.indexOf('.') + 1)

/**
 * Which of a node's stray collections a cut-short rename left behind, as `[old, new]` pairs: a
 * collection space renamed (every stray of one space matches a missing name of one other space
 * by short name, one pair per space), or one collection renamed within its space (the space's
 * only stray and only missing name). Anything else is a dropped collection.
 */
function renamePairs(extra: readonly string[], missing: readonly string[]): [string, string][] {
  const pairs: [string, string][] = []
  const bySpace = (names: readonly string[]): Map<string, string[]> => {
    const m = new Map<string, string[]>()
    for (const n of names) m.set(spaceOf(n), [...(m.get(spaceOf(n)) ?? []), n])
    return m
  }
  const strays = bySpace(extra)
  const absent = bySpace(missing)
  for (const [space, names] of strays) {
    const inSpace = absent.get(space)
    if (inSpace !== undefined) {
      if (names.length === 1 && inSpace.length === 1) pairs.push([names[0]!, inSpace[0]!])
      continue
    }
    const shorts = names.map(shortOf).sort().join('\n')
    const target = [...absent].find(([other, list]) => !strays.has(other) && list.map(shortOf).sort().join('\n') === shorts)
    if (target !== undefined) pairs.push([names[0]!, `${target[0]}.${shortOf(names[0]!)}`])
  }
  return pairs
}
