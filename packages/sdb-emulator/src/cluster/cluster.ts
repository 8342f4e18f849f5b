import type { BsonDocument } from '@canopy/sdb-client/bson'
import { SdbFault } from '../engine/fault.js'
import type { CatalogStore, GroupInfo, NodeInfo } from '../storage/index.js'
import { assertTransition, NodeState } from './node-state.js'

/** `SYSNODES.Role` values (contract §12.3). */
export const GroupRole = { Data: 0, Coord: 1, Catalog: 2 } as const
/** One of the {@link GroupRole} values. */
export type GroupRole = (typeof GroupRole)[keyof typeof GroupRole]

/** System group ids and names (contract §12.1). */
export const SystemGroup = {
  CatalogId: 1,
  CatalogName: 'SYSCatalogGroup',
  CoordId: 2,
  CoordName: 'SYSCoord',
} as const

/** How long a group waits before electing a new primary after losing one (must stay under 1 s). */
export const ELECTION_DELAY_MS = 300

/** How soon secondaries beyond ReplSize apply the primary's new log entries. */
export const REPLICATION_DELAY_MS = 20
/** Log entries one background replication round ships to a secondary. */
const REPLICATION_SLICE = 500

/** Largest replica group (`CLS_REPLSET_MAX_NODE_SIZE`). */
export const MAX_NODES_PER_GROUP = 7

/** One simulated node process. */
export interface ClusterNode {
  readonly nodeId: number
  readonly group: ReplicaGroup
  readonly hostName: string
  /** Service (client) port; the replication, shard and catalog ports follow it. */
  port: number
  readonly dbpath: string
  state: NodeState
  /** Highest log sequence applied by this node (replication position, mirrors its store). */
  lsn: bigint
  /** Start times (for `$snapshot health` StartHistory), newest first. */
  readonly startHistory: Date[]
}

/** One replica group: the runtime side of a SYSCAT.SYSNODES document. */
export interface ReplicaGroup {
  readonly groupId: number
  readonly name: string
  readonly role: GroupRole
  primaryNodeId: number | undefined
  readonly nodes: ClusterNode[]
  /** Log sequence of the group's primary. */
  lsn: bigint
}

/** What the cluster needs from the server layer to start and stop a node's listener. */
export interface NodeRuntime {
  /** Opens the node's service port; resolves with the port actually bound (port 0 = any free). */
  listen(node: ClusterNode): Promise<number>
  /** Closes the node's service port and drops its sessions. */
  close(node: ClusterNode): Promise<void>
}

/**
 * Moves data between the stores of a group's nodes. The cluster decides who replicates from whom
 * and when; the replicator does the copying and reports positions.
 */
export interface Replicator {
  /** The node's applied log position. */
  lsnOf(node: ClusterNode): bigint
  /**
   * Applies to `to` what `from` has and `to` lacks (at most about `maxEntries` log entries);
   * returns `to`'s new position.
   */
  sync(from: ClusterNode, to: ClusterNode, maxEntries?: number): bigint
}

/** Positions only (no stores to copy), for topologies without data nodes and for tests. */
export const positionOnlyReplicator: Replicator = {
  lsnOf: (node) => node.lsn,
  sync: (from) => from.lsn,
}

/** The part of the CatalogStore that owns the persistent topology. */
export type TopologyCatalog = Pick<
  CatalogStore,
  'createGroup' | 'removeGroup' | 'listGroups' | 'getGroup' | 'createNode' | 'removeNode' | 'setGroupStatus' | 'setPrimary' | 'setNodePort'
>

/**
 * Groups and nodes of the simulated cluster, as an explicit state machine.
 *
 * The catalog store owns the persistent metadata (ids, names, activation, primary); this class
 * owns what runs: node states, listeners, elections and replication positions. Node start/stop
 * goes through {@link NodeRuntime}; a group elects the running node with the highest LSN when
 * more than half of its nodes run, and has no primary otherwise.
 */
export class Cluster {
  readonly groups: ReplicaGroup[] = []
  private readonly electionTimers = new Map<number, NodeJS.Timeout>()
  private readonly catchUpTimers = new Set<NodeJS.Timeout>()
  private readonly catchingUp = new Set<ClusterNode>()
  private readonly replicationTimers = new Map<number, NodeJS.Timeout>()
  private readonly listeners = new Set<(event: ClusterEvent) => void>()
  /** Groups whose catalog entry is gone while their nodes still shut down. */
  private readonly removedGroups = new WeakSet<ReplicaGroup>()
  private closed = false

  constructor(
    private readonly runtime: NodeRuntime,
    private readonly catalog: TopologyCatalog,
    private readonly replicator: Replicator = positionOnlyReplicator,
  ) {
    for (const info of catalog.listGroups()) this.addRuntimeGroup(info)
  }

  /** Subscribes to node and primary changes; returns the unsubscribe function. */
  onEvent(listener: (event: ClusterEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** All nodes of every group. */
  allNodes(): ClusterNode[] {
    return this.groups.flatMap((g) => g.nodes)
  }

  /** Data groups (role 0), in creation order. */
  dataGroups(): ReplicaGroup[] {
    return this.groups.filter((g) => g.role === GroupRole.Data)
  }

  /** The coordinator node (first node of SYSCoord). */
  coordNode(): ClusterNode | undefined {
    return this.groups.find((g) => g.groupId === SystemGroup.CoordId)?.nodes[0]
  }

  /** Finds a group by name. */
  group(name: string): ReplicaGroup | undefined {
    return this.groups.find((g) => g.name === name)
  }

  /** Finds a group by id. */
  groupById(id: number): ReplicaGroup | undefined {
    return this.groups.find((g) => g.groupId === id)
  }

  /** Finds a group by name or throws -154. */
  requireGroup(name: string): ReplicaGroup {
    const g = this.group(name)
    if (g === undefined) throw new SdbFault(-154, `Group ${name} does not exist`)
    return g
  }

  /** Finds a node by host name and service port (as `$startup node` names it). */
  findNode(hostName: string, port: number): ClusterNode | undefined {
    return this.allNodes().find((n) => n.port === port && sameHost(n.hostName, hostName))
  }

  /** Finds a node by its `host:port` name. */
  nodeByName(nodeName: string): ClusterNode | undefined {
    const at = nodeName.lastIndexOf(':')
    if (at < 0) return undefined
    return this.findNode(nodeName.slice(0, at), Number(nodeName.slice(at + 1)))
  }

  /** The primary node of a group, if it has one. */
  primaryOf(group: ReplicaGroup): ClusterNode | undefined {
    if (group.primaryNodeId === undefined) return undefined
    return group.nodes.find((n) => n.nodeId === group.primaryNodeId)
  }

  private addRuntimeGroup(info: GroupInfo): ReplicaGroup {
    const group: ReplicaGroup = {
      groupId: info.groupId,
      name: info.groupName,
      role: info.role as GroupRole,
      primaryNodeId: undefined,
      nodes: [],
      lsn: 0n,
    }
    for (const n of info.nodes) group.nodes.push(this.addRuntimeNode(group, n))
    this.groups.push(group)
    return group
  }

  private addRuntimeNode(group: ReplicaGroup, info: NodeInfo): ClusterNode {
    return {
      nodeId: info.nodeId,
      group,
      hostName: info.hostName,
      port: info.port,
      dbpath: info.dbpath,
      state: NodeState.Stopped,
      lsn: 0n,
      startHistory: [],
    }
  }

  /** The catalog's view of a group (activation, version, the `$list groups` document). */
  groupInfo(group: ReplicaGroup): GroupInfo {
    const info = this.catalog.getGroup(group.groupId)
    if (info === undefined) throw new SdbFault(-154, `Group ${group.name} does not exist`)
    return info
  }

  /** Whether a node is activated (Status 1 in SYSNODES). */
  isActivated(node: ClusterNode): boolean {
    return this.groupInfo(node.group).nodes.find((n) => n.nodeId === node.nodeId)?.status === 1
  }

  /** Creates a group (`$create group`) through the catalog (-153 exists, -6 bad name). */
  createGroup(name: string): GroupInfo {
    const info = this.catalog.createGroup(name)
    this.addRuntimeGroup(info)
    return info
  }

  /**
   * Removes a group (`$remove group`) through the catalog (-154, -206, -208); its nodes are
   * stopped first.
   */
  async removeGroup(name: string): Promise<void> {
    const group = this.requireGroup(name)
    if (group.role !== GroupRole.Data) throw new SdbFault(-206, `Unable to remove system group ${name}`)
    this.catalog.removeGroup(name)
    // A running group may be removed (the C driver's sdbRemoveReplicaGroup does not stop it
    // first); its nodes then stop without writing a primary change to the vanished catalog entry.
    this.removedGroups.add(group)
    for (const node of group.nodes) await this.stopNodeInternal(node)
    this.cancelElection(group)
    this.groups.splice(this.groups.indexOf(group), 1)
  }

  /**
   * Adds a node to a group (`$create node`, options as the command's Q document) through the
   * catalog (-154, -145, -249). The node is registered but not started.
   */
  createNode(groupName: string, options: BsonDocument): { node: ClusterNode; info: NodeInfo } {
    const group = this.requireGroup(groupName)
    const info = this.catalog.createNode(groupName, options)
    const node = this.addRuntimeNode(group, info)
    group.nodes.push(node)
    return { node, info }
  }

  /**
   * Removes a node (`$remove node`) through the catalog (-155; -204 for the primary or the only
   * node unless `enforced`); it is stopped first.
   */
  async removeNode(groupName: string, hostName: string, port: number, enforced = false): Promise<void> {
    const group = this.requireGroup(groupName)
    const node = group.nodes.find((n) => n.port === port && sameHost(n.hostName, hostName))
    if (node === undefined) throw new SdbFault(-155, `Node ${hostName}:${port} does not exist in group ${groupName}`)
    this.catalog.removeNode(groupName, node.hostName, port, enforced)
    await this.stopNodeInternal(node)
    group.nodes.splice(group.nodes.indexOf(node), 1)
    if (group.primaryNodeId === node.nodeId) this.setPrimary(group, undefined)
    this.afterMembershipChange(group, true)
  }

  /** Starts a node (`$startup node`); starting a running node is a no-op, as on sdbcm. */
  async startNode(node: ClusterNode): Promise<void> {
    if (node.state === NodeState.Running) return
    assertTransition(node.state, NodeState.Starting)
    node.state = NodeState.Starting
    try {
      const port = await this.runtime.listen(node)
      if (port !== node.port) {
        node.port = port
        this.catalog.setNodePort(node.nodeId, node.hostName, port)
      }
    } catch (err) {
      node.state = NodeState.Stopped
      throw err instanceof SdbFault ? err : new SdbFault(-156, `Failed to start node ${node.hostName}:${node.port}: ${String(err)}`)
    }
    if (this.closed) {
      node.state = NodeState.Stopped
      await this.runtime.close(node)
      return
    }
    assertTransition(node.state, NodeState.Running)
    node.state = NodeState.Running
    node.startHistory.unshift(new Date())
    this.emit({ type: 'node-started', node })
    this.scheduleCatchUp(node)
    this.afterMembershipChange(node.group, false)
  }

  /** Stops a node (`$shutdown node`); stopping a stopped node is a no-op. */
  async stopNode(node: ClusterNode): Promise<void> {
    await this.stopNodeInternal(node)
  }

  private async stopNodeInternal(node: ClusterNode): Promise<void> {
    if (node.state === NodeState.Stopped) return
    assertTransition(node.state, NodeState.Stopping)
    node.state = NodeState.Stopping
    const wasPrimary = node.group.primaryNodeId === node.nodeId
    if (wasPrimary) {
      // A primary that shuts down cleanly hands its last entries to the running secondaries.
      this.flushReplication(node.group)
      this.setPrimary(node.group, undefined)
    }
    try {
      await this.runtime.close(node)
    } finally {
      node.state = NodeState.Stopped
      this.emit({ type: 'node-stopped', node })
      this.afterMembershipChange(node.group, true)
    }
  }

  /**
   * Activates a group (`$active group`): marks it and its nodes activated and starts every node.
   * The first election of a group that had no running node happens at once.
   */
  async activateGroup(name: string): Promise<void> {
    const group = this.requireGroup(name)
    this.catalog.setGroupStatus(name, 1)
    const errors: unknown[] = []
    for (const n of group.nodes) {
      try {
        await this.startNode(n)
      } catch (err) {
        errors.push(err)
      }
    }
    this.electNow(group)
    if (errors.length > 0) throw errors[0]
  }

  /** Stops every node of a group (`$shutdown group`); the activation flag stays as it was. */
  async shutdownGroup(name: string): Promise<void> {
    const group = this.requireGroup(name)
    for (const n of group.nodes) await this.stopNodeInternal(n)
  }

  /** Starts every node registered as activated, electing primaries at once (emulator start-up). */
  async startAll(shouldRun: (node: ClusterNode) => boolean = (n) => this.isActivated(n)): Promise<void> {
    for (const node of this.allNodes()) {
      if (shouldRun(node)) await this.startNode(node)
    }
    for (const g of this.groups) this.electNow(g)
  }

  /** Stops everything and cancels pending timers (emulator shutdown). */
  async close(): Promise<void> {
    this.closed = true
    for (const t of this.electionTimers.values()) clearTimeout(t)
    this.electionTimers.clear()
    for (const t of this.catchUpTimers) clearTimeout(t)
    this.catchUpTimers.clear()
    for (const t of this.replicationTimers.values()) clearTimeout(t)
    this.replicationTimers.clear()
    for (const node of this.allNodes()) {
      if (node.state === NodeState.Running || node.state === NodeState.Starting) {
        node.state = NodeState.Stopping
        try {
          await this.runtime.close(node)
        } finally {
          node.state = NodeState.Stopped
        }
      }
    }
  }

  /** Running nodes of a group. */
  runningNodes(group: ReplicaGroup): ClusterNode[] {
    return group.nodes.filter((n) => n.state === NodeState.Running)
  }

  /** Whether more than half of the group's nodes run (the condition for having a primary). */
  hasMajority(group: ReplicaGroup): boolean {
    return group.nodes.length > 0 && this.runningNodes(group).length * 2 > group.nodes.length
  }

  /**
   * Checks that a write can be accepted by a group and records it in the replication log.
   *
   * @param replSize the collection's ReplSize: 1..7 nodes must hold the write, 0 = every node of
   *   the group, -1 = every running node.
   * @throws SdbFault -104 without a primary, -105 when fewer than ReplSize nodes run.
   */
  acceptWrite(group: ReplicaGroup, replSize = 1): void {
    const primary = this.primaryOf(group)
    if (primary === undefined || primary.state !== NodeState.Running) {
      throw new SdbFault(-104, `Group ${group.name} has no primary node`)
    }
    const running = this.runningNodes(group).length
    // 0 (stored as 7) means every node; a ReplSize above the group size also means every node.
    const need = replSize < 0 ? 1 : replSize === 0 ? group.nodes.length : Math.min(replSize, group.nodes.length)
    if (running < need) {
      throw new SdbFault(-105, `ReplSize ${replSize} needs ${need} running nodes in group ${group.name}, ${running} run`)
    }
  }

  /**
   * Replicates an accepted write. The primary's store already holds it; as many secondaries as
   * ReplSize asks for apply it before the write is acknowledged (0 = all nodes, -1 = every
   * running node), the others a moment later, as a real group replicates asynchronously.
   */
  recordWrite(group: ReplicaGroup, replSize = 1): void {
    const primary = this.primaryOf(group)
    if (primary === undefined) return
    primary.lsn = this.replicator.lsnOf(primary)
    group.lsn = primary.lsn
    let syncNow = replSize <= 0 ? MAX_NODES_PER_GROUP : replSize - 1
    let deferred = false
    for (const n of group.nodes) {
      if (n === primary || n.state !== NodeState.Running || this.catchingUp.has(n)) continue
      if (syncNow > 0) {
        n.lsn = this.replicator.sync(primary, n)
        syncNow -= 1
      } else {
        deferred = true
      }
    }
    if (deferred) this.scheduleReplication(group)
  }

  private flushReplication(group: ReplicaGroup): void {
    const t = this.replicationTimers.get(group.groupId)
    if (t === undefined) return
    clearTimeout(t)
    this.replicationTimers.delete(group.groupId)
    const primary = this.primaryOf(group)
    if (primary === undefined) return
    for (const n of group.nodes) {
      if (n !== primary && n.state === NodeState.Running && !this.catchingUp.has(n)) n.lsn = this.replicator.sync(primary, n)
    }
  }

  private scheduleReplication(group: ReplicaGroup): void {
    if (this.replicationTimers.has(group.groupId) || this.closed) return
    const timer = setTimeout(safely(() => {
      this.replicationTimers.delete(group.groupId)
      const primary = this.primaryOf(group)
      if (primary === undefined || this.closed) return
      let behind = false
      for (const n of group.nodes) {
        if (n === primary || n.state !== NodeState.Running || this.catchingUp.has(n)) continue
        // A slice at a time, so a long backlog never blocks the sessions of the process.
        n.lsn = this.replicator.sync(primary, n, REPLICATION_SLICE)
        if (n.lsn < group.lsn) behind = true
      }
      if (behind) this.scheduleReplication(group)
    }), REPLICATION_DELAY_MS)
    timer.unref()
    this.replicationTimers.set(group.groupId, timer)
  }

  /** Whether a node still lags behind its group's primary. */
  isCatchingUp(node: ClusterNode): boolean {
    return this.catchingUp.has(node) || (node.state === NodeState.Running && node.lsn < node.group.lsn)
  }

  private scheduleCatchUp(node: ClusterNode): void {
    node.lsn = this.replicator.lsnOf(node)
    if (node.lsn >= node.group.lsn || this.catchingUp.has(node)) return
    this.catchingUp.add(node)
    // Catching up takes a moment, so the LSN/lag fields visibly show it; then it proceeds a
    // slice at a time so a long backlog never blocks the process.
    const lag = Number(node.group.lsn - node.lsn)
    const step = (delay: number): void => {
      const timer = setTimeout(safely(() => {
        this.catchUpTimers.delete(timer)
        // Whatever happens below, a failed round must not leave the node marked as catching up.
        this.catchingUp.delete(node)
        const primary = this.primaryOf(node.group)
        if (node.state !== NodeState.Running || primary === undefined || primary === node) return
        node.lsn = this.replicator.sync(primary, node, REPLICATION_SLICE)
        if (node.lsn < this.replicator.lsnOf(primary)) {
          this.catchingUp.add(node)
          step(REPLICATION_DELAY_MS)
          return
        }
        this.emit({ type: 'caught-up', node })
      }), delay)
      timer.unref()
      this.catchUpTimers.add(timer)
    }
    step(Math.min(1500, 200 + Math.floor(lag / 100)))
  }

  private afterMembershipChange(group: ReplicaGroup, lostNode: boolean): void {
    if (!this.hasMajority(group)) {
      this.cancelElection(group)
      if (group.primaryNodeId !== undefined) this.setPrimary(group, undefined)
      return
    }
    if (group.primaryNodeId !== undefined) return
    if (lostNode || group.nodes.length > 1) this.scheduleElection(group)
    else this.electNow(group)
  }

  private scheduleElection(group: ReplicaGroup): void {
    if (this.electionTimers.has(group.groupId) || this.closed) return
    const timer = setTimeout(safely(() => {
      this.electionTimers.delete(group.groupId)
      this.electNow(group)
    }), ELECTION_DELAY_MS)
    timer.unref()
    this.electionTimers.set(group.groupId, timer)
  }

  private cancelElection(group: ReplicaGroup): void {
    const t = this.electionTimers.get(group.groupId)
    if (t !== undefined) clearTimeout(t)
    this.electionTimers.delete(group.groupId)
  }

  /** Elects a primary now if the group has a majority and no primary. */
  electNow(group: ReplicaGroup): void {
    this.cancelElection(group)
    if (group.primaryNodeId !== undefined || !this.hasMajority(group)) return
    const candidates = this.runningNodes(group)
    for (const n of candidates) n.lsn = this.replicator.lsnOf(n)
    candidates.sort((a, b) => (a.lsn === b.lsn ? a.nodeId - b.nodeId : a.lsn > b.lsn ? -1 : 1))
    const winner = candidates[0]
    if (winner === undefined) return
    this.setPrimary(group, winner.nodeId)
    // The new primary's log is the group's log from now on; the others catch up from it.
    group.lsn = winner.lsn
    for (const n of candidates) if (n !== winner) this.scheduleCatchUp(n)
  }

  private setPrimary(group: ReplicaGroup, nodeId: number | undefined): void {
    group.primaryNodeId = nodeId
    if (!this.closed && !this.removedGroups.has(group)) this.catalog.setPrimary(group.name, nodeId)
    this.emit({ type: 'primary-changed', group })
  }

  private emit(event: ClusterEvent): void {
    for (const l of this.listeners) l(event)
  }
}

/** Events the cluster reports. */
export type ClusterEvent =
  | { type: 'node-started'; node: ClusterNode }
  | { type: 'node-stopped'; node: ClusterNode }
  | { type: 'caught-up'; node: ClusterNode }
  | { type: 'primary-changed'; group: ReplicaGroup }

/**
 * Wraps a timer callback so that a failure (a store closed under it, a node removed meanwhile)
 * is dropped instead of ending the process; the next write or restart retries the work.
 */
function safely(fn: () => void): () => void {
  return () => {
    try {
      fn()
    } catch {
      // Nothing to report to: timers run outside any client request.
    }
  }
}

/** `host:port` as nodes are named in snapshots and error reports. */
export function nodeName(node: ClusterNode): string {
  return `${node.hostName}:${node.port}`
}

function sameHost(a: string, b: string): boolean {
  if (a === b) return true
  const local = new Set(['localhost', '127.0.0.1', '::1'])
  return local.has(a) && local.has(b)
}
