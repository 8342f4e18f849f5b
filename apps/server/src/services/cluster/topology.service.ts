/**
 * Reads the topology of a cluster and controls its groups and nodes; the monitor polls a
 * cluster while someone watches its event stream and pushes topology, metrics and status.
 */
import type { ClusterEvent, CreateNodeBody, StopImpact, Topology } from '@canopy/api-contract'
import type { ClusterRegistry } from './cluster-registry.js'
import { notFound, translateError } from './errors.js'
import type { CallOptions, Doc, SdbPort } from './sdb-port.js'
import { alignStandalone, buildTopology, findNode, MetricsTracker, readDatabaseSnapshot, splitAddress, standaloneTopology, stopImpact } from './topology.js'
import type { DatabaseSnapshot } from './topology.js'
import { TopologyCache } from './topology-cache.js'

/** The server refused `$list groups` because it is standalone (SDB_RTN_COORD_ONLY). */
function isStandaloneError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'SDB_RTN_COORD_ONLY' || (err as { code?: unknown }).code === -159)
}

/** Reads the topology: groups from the catalog, node states from the health snapshot. */
export async function readTopology(port: SdbPort, clusterId: string, address: string, options: CallOptions = {}): Promise<Topology> {
  let groups: Doc[]
  try {
    groups = await port.list('groups', options)
  } catch (err) {
    if (isStandaloneError(err)) {
      const health = await port.snapshot('health', options).catch(() => [] as Doc[])
      return standaloneTopology(clusterId, address, health)
    }
    throw err
  }
  // A node that is down makes the coord skip it (or fail the whole snapshot on some versions).
  const health = await port.snapshot('health', options).catch(() => undefined)
  return buildTopology(clusterId, groups, health, { reachableCoords: [address] })
}

/**
 * Reads a configured cluster's topology through the registry (the loader of a
 * {@link TopologyCache}); bounded in time, and not tied to any one caller's request.
 */
export function loadTopology(registry: ClusterRegistry, clusterId: string, timeoutMs = 10_000): Promise<Topology> {
  const address = registry.config(clusterId).hosts[0] ?? ''
  return registry.run(clusterId, (port) => readTopology(port, clusterId, address, { timeoutMs }))
}

/** Splits "host:port" into its parts, or 400-style not found when malformed. */
export function parseNodeId(nodeId: string): { host: string; port: number } {
  const [host, portText] = splitAddress(nodeId)
  const port = Number(portText)
  if (host === '' || !Number.isInteger(port) || port <= 0 || port > 65535) throw notFound(`"${nodeId}" is not a node id (expected host:port)`)
  return { host, port }
}

/** The topology group and node of a "host:port" id, or 404. */
export function locateNode(topology: Topology, groupName: string | undefined, nodeId: string) {
  const found = findNode(topology, nodeId)
  if (!found || (groupName !== undefined && found.group.name !== groupName)) {
    throw notFound(`No node ${nodeId}${groupName === undefined ? '' : ` in group ${groupName}`}`, { sdbName: 'SDB_CLS_NODE_NOT_EXIST' })
  }
  return found
}

/** The stop preview for a node of a topology. */
export function previewStop(topology: Topology, groupName: string | undefined, nodeId: string): StopImpact {
  const { group, node } = locateNode(topology, groupName, nodeId)
  return stopImpact(group, node)
}

/** Starts or stops a node (found by "host:port" in its group of the topology). */
export async function controlNode(port: SdbPort, topology: Topology, groupName: string | undefined, nodeId: string, action: 'start' | 'stop'): Promise<void> {
  const { group, node } = locateNode(topology, groupName, nodeId)
  if (action === 'start') await port.startNode(group.name, node.host, node.port)
  else await port.stopNode(group.name, node.host, node.port)
}

/** Adds a node to a group. */
export async function addNode(port: SdbPort, groupName: string, body: CreateNodeBody): Promise<void> {
  await port.createNode(groupName, body.host, body.port, body.dbpath, { ...(body.config ?? {}) })
}

/** Removes a node ("host:port") from a group. */
export async function removeNode(port: SdbPort, groupName: string, nodeId: string): Promise<void> {
  const { host, port: p } = parseNodeId(nodeId)
  await port.removeNode(groupName, host, p)
}

type Listener = (event: ClusterEvent) => void

interface Watch {
  readonly listeners: Set<Listener>
  timer: NodeJS.Timeout | undefined
  lastTopology: string | undefined
  readonly metrics: MetricsTracker
  /** Whether the coordinator answers `RawData: true` with per-node records; undefined until known. */
  rawData: boolean | undefined
  lastStatus: 'up' | 'down' | undefined
  running: boolean
}

/** SDB_INVALIDARG: a server that refuses the `RawData` condition. */
function isInvalidArg(err: unknown): boolean {
  return err instanceof Error && (err.name === 'SDB_INVALIDARG' || (err as { code?: unknown }).code === -6)
}

/**
 * One `$snapshot database` per poll, read per node: `RawData: true` makes a coordinator skip its
 * aggregation and answer one record per data and coordinator node, plus the unreachable ones in
 * `ErrNodes` (`_coordCMDMonBase::execute`; the C++ driver's `Node.getStatus` sends it too). A
 * server that does not know the option answers nothing (it filters on a field no record has) or
 * refuses it; the watch then asks for the aggregate only, and remembers.
 */
export async function readDatabaseMetrics(port: Pick<SdbPort, 'snapshot'>, w: { rawData: boolean | undefined }, options: CallOptions): Promise<DatabaseSnapshot> {
  if (w.rawData !== false) {
    try {
      const raw = readDatabaseSnapshot(await port.snapshot('database', { ...options, condition: { RawData: true } }))
      // The coordinator that answers is one of the nodes, so a server that knows the option always
      // sends at least one node record; only unreachable nodes is "unknown" (an old server may
      // pass the filter on and still list them), unless the option is already known to work.
      if (raw.nodes.length > 0) {
        w.rawData = true
        return raw
      }
      if (w.rawData === true && raw.down.length > 0) return raw
      if (w.rawData === undefined && raw.down.length === 0) w.rawData = false
    } catch (err) {
      if (!isInvalidArg(err)) throw err
      w.rawData = false
    }
  }
  return readDatabaseSnapshot(await port.snapshot('database', options))
}

/**
 * Polls each watched cluster every `intervalMs` while it has listeners: topology (sent when it
 * changes), metrics (insert/update/delete/read rates for the cluster, each group and each node,
 * from one raw `$snapshot database` per poll), and status changes. Stops polling when the last
 * listener leaves.
 */
export class ClusterMonitor {
  readonly #watches = new Map<string, Watch>()

  /**
   * @param topology - shared with the topology route, so a poll and concurrent requests cost
   *   one topology read (and each poll refreshes what the requests are served).
   */
  constructor(
    private readonly registry: ClusterRegistry,
    private readonly intervalMs = 2000,
    private readonly topology: TopologyCache = new TopologyCache((id) => loadTopology(registry, id)),
  ) {}

  /** Subscribes; the current topology is sent at once. Returns the unsubscribe function. */
  subscribe(clusterId: string, listener: Listener): () => void {
    this.registry.config(clusterId)
    let w = this.#watches.get(clusterId)
    if (!w) {
      w = { listeners: new Set(), timer: undefined, lastTopology: undefined, metrics: new MetricsTracker(), rawData: undefined, lastStatus: undefined, running: false }
      this.#watches.set(clusterId, w)
    }
    w.listeners.add(listener)
    // A newcomer gets the whole picture, not only changes.
    w.lastTopology = undefined
    const watch = w
    if (!watch.timer) {
      watch.timer = setInterval(() => { void this.#poll(clusterId, watch) }, this.intervalMs)
      watch.timer.unref()
    }
    void this.#poll(clusterId, watch)
    return () => {
      watch.listeners.delete(listener)
      if (watch.listeners.size === 0) {
        clearInterval(watch.timer)
        watch.timer = undefined
        this.#watches.delete(clusterId)
      }
    }
  }

  /** Stops every poller. */
  close(): void {
    for (const w of this.#watches.values()) clearInterval(w.timer)
    this.#watches.clear()
  }

  async #poll(clusterId: string, w: Watch): Promise<void> {
    if (w.running) return
    w.running = true
    const emit = (e: ClusterEvent) => {
      for (const l of w.listeners) l(e)
    }
    try {
      const timeoutMs = Math.max(1000, this.intervalMs * 2)
      const [topology, db] = await Promise.all([
        this.topology.get(clusterId),
        // A failed metrics read costs one sample, not the cluster's status (the topology decides).
        this.registry.run(clusterId, (port) => readDatabaseMetrics(port, w, { timeoutMs })).catch(() => undefined),
      ])
      if (w.lastStatus !== 'up') {
        if (w.lastStatus === 'down') emit({ type: 'status', status: 'up' })
        w.lastStatus = 'up'
      }
      const key = JSON.stringify({ ...topology, collectedAt: '' })
      if (key !== w.lastTopology) {
        w.lastTopology = key
        emit({ type: 'topology', topology })
      }
      if (db === undefined) {
        w.metrics.forgetAggregate()
      } else {
        const sample = w.metrics.sample(alignStandalone(db, topology), Date.now())
        if (sample !== undefined) emit({ type: 'metrics', metrics: sample })
      }
    } catch (err) {
      if (w.lastStatus !== 'down') {
        const t = translateError(err)
        emit({ type: 'status', status: 'down', error: { code: t.body.code, message: t.body.message } })
        w.lastStatus = 'down'
        w.lastTopology = undefined
      }
    } finally {
      w.running = false
    }
  }
}
