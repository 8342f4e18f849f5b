/**
 * Builds the console's topology from what SequoiaDB reports: the catalog's group documents
 * (`$list groups`) and each running node's `$snapshot health` record. Pure: no I/O.
 */
import type { GroupRates, MetricsSample, NodeRates, StopImpact, Topology, TopologyGroup, TopologyNode } from '@canopy/api-contract'
import { isRecord, str, toBigInt, toNumber } from './bson-values.js'

/** `Service[].Type` in a group document (catalog: `clsCatalogService` types). */
const ServiceType = { service: 0, replication: 1, catalog: 2, rest: 3 } as const

const roleNames = { 0: 'data', 1: 'coord', 2: 'catalog' } as const

/** One node's health as the topology needs it. */
interface HealthFacts {
  readonly isPrimary: boolean
  readonly serviceStatus: boolean | null
  readonly dataStatus: string | null
  readonly lsn: bigint | null
  readonly diff: bigint | null
}

/** Indexes `$snapshot health` records by "host:port" (their `NodeName`). */
export function indexHealth(records: readonly unknown[]): Map<string, HealthFacts> {
  const out = new Map<string, HealthFacts>()
  for (const r of records) {
    if (!isRecord(r)) continue
    // A coordinator reports nodes it could not reach in `ErrNodes` instead of failing the snapshot.
    if (Array.isArray(r.ErrNodes)) {
      for (const e of r.ErrNodes) {
        const n = isRecord(e) ? str(e.NodeName) : undefined
        if (n !== undefined && !out.has(n)) out.set(n, { isPrimary: false, serviceStatus: false, dataStatus: null, lsn: null, diff: null })
      }
    }
    const name = str(r.NodeName)
    if (name === undefined) continue
    const current = isRecord(r.CurrentLSN) ? toBigInt(r.CurrentLSN.Offset) : toBigInt(r.CurrentLSN)
    out.set(name, {
      isPrimary: r.IsPrimary === true,
      serviceStatus: typeof r.ServiceStatus === 'boolean' ? r.ServiceStatus : null,
      dataStatus: str(r.DataStatus) ?? str(r.Status) ?? null,
      lsn: current ?? null,
      diff: toBigInt(r.DiffLSNWithPrimary) ?? null,
    })
  }
  return out
}

/**
 * Builds the topology. `health` is undefined when the health snapshot itself failed: node
 * states are then `unknown` rather than guessed.
 */
export function buildTopology(
  cluster: string,
  groups: readonly unknown[],
  health: readonly unknown[] | undefined,
  options: { readonly reachableCoords?: readonly string[]; readonly now?: Date } = {},
): Topology {
  const now = options.now ?? new Date()
  const reachable = new Set(options.reachableCoords ?? [])
  const byNode = health === undefined ? undefined : indexHealth(health)
  const out: TopologyGroup[] = []
  for (const g of groups) {
    if (!isRecord(g)) continue
    const name = str(g.GroupName) ?? '?'
    const roleNum = toNumber(g.Role) ?? 0
    const role = roleNames[roleNum as keyof typeof roleNames] ?? 'data'
    const primaryNum = toNumber(g.PrimaryNode)
    const members = Array.isArray(g.Group) ? g.Group : []
    const nodes: TopologyNode[] = []
    for (const m of members) {
      if (!isRecord(m)) continue
      const host = str(m.HostName) ?? '?'
      const services: TopologyNode['services'] = {}
      if (Array.isArray(m.Service)) {
        for (const s of m.Service) {
          if (!isRecord(s)) continue
          const type = toNumber(s.Type)
          const port = Number(str(s.Name) ?? toNumber(s.Name))
          if (!Number.isInteger(port)) continue
          if (type === ServiceType.service) services.service = port
          else if (type === ServiceType.replication) services.replication = port
          else if (type === ServiceType.catalog) services.catalog = port
          else if (type === ServiceType.rest) services.rest = port
        }
      }
      const port = services.service ?? 0
      const id = `${host}:${port}`
      const nodeId = toNumber(m.NodeID) ?? -1
      const facts = byNode?.get(id)
      // Coordinators are not in the health snapshot: the one that answered is running, others unknown.
      const status: TopologyNode['status'] =
        role === 'coord'
          ? reachable.has(id) ? 'running' : 'unknown'
          : byNode === undefined ? 'unknown' : facts === undefined || facts.serviceStatus === false ? 'stopped' : 'running'
      const dbpath = str(m.dbpath)
      nodes.push({
        id,
        nodeId,
        host,
        port,
        name: id,
        ...(dbpath === undefined ? {} : { dbpath }),
        status,
        isPrimary: role !== 'coord' && (facts?.isPrimary ?? (primaryNum !== undefined && primaryNum === nodeId)),
        services,
        lsn: facts?.lsn?.toString() ?? null,
        lagBehindPrimary: null,
        serviceStatus: facts?.serviceStatus ?? null,
        dataStatus: facts?.dataStatus ?? null,
      })
    }
    // Lag: the primary's LSN minus this node's, or the node's own DiffLSNWithPrimary.
    const primary = nodes.find((n) => n.isPrimary)
    const primaryLsn = primary?.lsn == null ? undefined : BigInt(primary.lsn)
    for (const n of nodes) {
      const facts = byNode?.get(n.id)
      if (n.lsn !== null && primaryLsn !== undefined) {
        const lag = primaryLsn - BigInt(n.lsn)
        n.lagBehindPrimary = (lag < 0n ? 0n : lag).toString()
      } else if (facts?.diff != null) {
        n.lagBehindPrimary = facts.diff.toString()
      }
    }
    const groupActive = toNumber(g.Status)
    const anyRunning = nodes.some((n) => n.status === 'running')
    const allKnown = nodes.every((n) => n.status !== 'unknown')
    const status: TopologyGroup['status'] = anyRunning ? 'running' : groupActive === 0 || (allKnown && nodes.length > 0) ? 'stopped' : role === 'coord' && nodes.length === 0 && reachable.size > 0 ? 'running' : 'unknown'
    out.push({
      name,
      id: toNumber(g.GroupID) ?? -1,
      role,
      status,
      primaryNodeId: primary?.id ?? null,
      nodes,
    })
  }
  return { cluster, distributed: true, groups: out, collectedAt: now.toISOString() }
}

/** Topology of a standalone server: one pseudo group with the one node. */
export function standaloneTopology(cluster: string, address: string, health: readonly unknown[], now = new Date()): Topology {
  const facts = [...indexHealth(health).values()][0]
  const [host, portText] = splitAddress(address)
  const port = Number(portText)
  return {
    cluster,
    distributed: false,
    collectedAt: now.toISOString(),
    groups: [
      {
        name: 'standalone',
        id: 0,
        role: 'data',
        status: 'running',
        primaryNodeId: address,
        nodes: [
          {
            id: address,
            nodeId: 0,
            host,
            port,
            name: address,
            status: 'running',
            isPrimary: true,
            services: { service: port },
            lsn: facts?.lsn?.toString() ?? null,
            lagBehindPrimary: '0',
            serviceStatus: facts?.serviceStatus ?? true,
            dataStatus: facts?.dataStatus ?? null,
          },
        ],
      },
    ],
  }
}

/** Splits "host:port" at the last colon. */
export function splitAddress(address: string): [string, string] {
  const i = address.lastIndexOf(':')
  return i < 0 ? [address, ''] : [address.slice(0, i), address.slice(i + 1)]
}

/** Finds the group and node for a "host:port" id. */
export function findNode(topology: Topology, nodeId: string): { group: TopologyGroup; node: TopologyNode } | undefined {
  for (const group of topology.groups) {
    const node = group.nodes.find((n) => n.id === nodeId)
    if (node) return { group, node }
  }
  return undefined
}

/**
 * What stopping `node` would do to its group: whether it is the primary, whether the running
 * nodes left are still a majority of the group (SequoiaDB elects a primary only with a majority),
 * and how far behind the primary the others are.
 */
export function stopImpact(group: TopologyGroup, node: TopologyNode): StopImpact {
  const total = group.nodes.length
  const running = group.nodes.filter((n) => n.status === 'running').length
  const after = node.status === 'running' ? running - 1 : running
  const keepsMajority = after > total / 2
  const others = group.nodes.filter((n) => n.id !== node.id).map((n) => ({ id: n.id, status: n.status, lagBehindPrimary: n.lagBehindPrimary }))
  const warnings: string[] = []
  if (node.status !== 'running') warnings.push(`${node.id} is not running.`)
  if (node.isPrimary && node.status === 'running') {
    warnings.push(keepsMajority ? 'This is the primary: a new primary will be elected; writes pause until then.' : 'This is the primary and no majority remains: the group will have no primary and refuse writes.')
  } else if (!keepsMajority && node.status === 'running' && total > 1) {
    warnings.push('The group will lose its majority: the primary steps down and writes are refused.')
  }
  if (after === 0 && node.status === 'running') warnings.push(`Group ${group.name} becomes unavailable: no node left running.`)
  const lagging = others.filter((o) => o.lagBehindPrimary !== null && o.lagBehindPrimary !== '0')
  if (node.isPrimary && lagging.length > 0) {
    warnings.push(`Replicas behind the primary: ${lagging.map((o) => `${o.id} (${o.lagBehindPrimary ?? '?'} bytes)`).join(', ')}.`)
  }
  return {
    node: node.id,
    group: group.name,
    isPrimary: node.isPrimary,
    runningNodes: running,
    totalNodes: total,
    keepsMajority,
    groupUnavailable: after === 0,
    others,
    warnings,
  }
}

/** Rates between two `$snapshot database` totals, per second. */
export interface OperationTotals {
  readonly insert: number
  readonly update: number
  readonly delete: number
  readonly read: number
}

/** Reads the operation counters of a `$snapshot database` record. */
export function databaseTotals(doc: unknown): OperationTotals {
  const d = isRecord(doc) ? doc : {}
  return {
    insert: toNumber(d.TotalInsert) ?? 0,
    update: toNumber(d.TotalUpdate) ?? 0,
    delete: toNumber(d.TotalDelete) ?? 0,
    read: toNumber(d.TotalRead) ?? toNumber(d.TotalSelect) ?? 0,
  }
}

/** Per-second rates from two samples; a counter that went down (restart, reset) counts as 0. */
export function rates(prev: OperationTotals, next: OperationTotals, seconds: number): OperationTotals {
  const r = (a: number, b: number) => (seconds <= 0 || b < a ? 0 : (b - a) / seconds)
  return { insert: r(prev.insert, next.insert), update: r(prev.update, next.update), delete: r(prev.delete, next.delete), read: r(prev.read, next.read) }
}


/** One node's counters from a raw `$snapshot database` record. */
export interface NodeCounterRecord {
  /** "host:svc" (`NodeName`). */
  readonly name: string
  readonly group: string
  readonly isPrimary: boolean
  readonly totals: OperationTotals
  /**
   * When the counters started (`ActivateTimestamp` + `ResetTimestamp`): a change means a restart
   * or a `$snapshot reset`, so the counters are not comparable with the previous sample.
   */
  readonly epoch: string | undefined
}

/** A `$snapshot database` answer, read: per-node records, unreachable nodes, and the aggregate. */
export interface DatabaseSnapshot {
  /** One entry per node record (`RawData: true` on a coordinator, or a standalone's own record). */
  readonly nodes: readonly NodeCounterRecord[]
  /** Nodes the coordinator could not reach (`ErrNodes`, or flat error records). */
  readonly down: readonly { readonly name: string; readonly group: string }[]
  /** The coordinator's aggregate record (no `NodeName`), when it sent one. */
  readonly aggregate: OperationTotals | undefined
}

function errNodesOf(list: unknown, into: { name: string; group: string }[]): void {
  if (!Array.isArray(list)) return
  for (const e of list) {
    const name = isRecord(e) ? str(e.NodeName) : undefined
    if (name !== undefined && isRecord(e)) into.push({ name, group: str(e.GroupName) ?? '' })
  }
}

/**
 * Reads the records of `$snapshot database`: with `RawData: true` a coordinator answers one record
 * per data and coordinator node, then (ShowError "show", the default) one `{ErrNodes: [...]}`
 * record for the nodes it could not reach; without it, one aggregate record whose `ErrNodes` lists
 * them. Flat error records (`ShowErrorMode: "flat"`) carry `NodeName` and `ErrInfo` but no counters.
 */
export function readDatabaseSnapshot(records: readonly unknown[]): DatabaseSnapshot {
  const nodes: NodeCounterRecord[] = []
  const down: { name: string; group: string }[] = []
  let aggregate: OperationTotals | undefined
  for (const r of records) {
    if (!isRecord(r)) continue
    const name = str(r.NodeName)
    const hasCounters = r.TotalInsert !== undefined || r.TotalRead !== undefined
    if (name !== undefined && hasCounters) {
      const activated = str(r.ActivateTimestamp)
      const reset = str(r.ResetTimestamp)
      nodes.push({
        name,
        group: str(r.GroupName) ?? '',
        isPrimary: r.IsPrimary === true,
        totals: databaseTotals(r),
        epoch: activated === undefined && reset === undefined ? undefined : `${activated ?? ''}|${reset ?? ''}`,
      })
    } else if (name !== undefined && r.ErrInfo !== undefined) {
      down.push({ name, group: str(r.GroupName) ?? '' })
    } else {
      if (hasCounters) aggregate = databaseTotals(r)
      errNodesOf(r.ErrNodes, down)
    }
  }
  return { nodes, down, aggregate }
}

/**
 * Names a standalone server's one record as the topology does (the configured address and the
 * `standalone` pseudo group), since its `NodeName` may spell the host differently and its
 * `GroupName` is empty.
 */
export function alignStandalone(snapshot: DatabaseSnapshot, topology: Topology): DatabaseSnapshot {
  const only = topology.groups[0]?.nodes[0]
  if (topology.distributed || only === undefined || snapshot.nodes.length !== 1) return snapshot
  const [node] = snapshot.nodes
  return node === undefined ? snapshot : { ...snapshot, nodes: [{ ...node, name: only.id, group: topology.groups[0]?.name ?? node.group }] }
}

const OPS = ['insert', 'update', 'delete', 'read'] as const
const zero: OperationTotals = { insert: 0, update: 0, delete: 0, read: 0 }
const add = (a: OperationTotals, b: OperationTotals): OperationTotals => ({ insert: a.insert + b.insert, update: a.update + b.update, delete: a.delete + b.delete, read: a.read + b.read })

/**
 * A node's per-second rates since its previous sample. A restart or reset (a new epoch, or any
 * counter lower than before) means every operation counted now happened after the previous
 * sample: the rate is the new count over the interval, never a negative or the old-to-new jump.
 */
export function nodeRates(prev: { readonly totals: OperationTotals; readonly epoch: string | undefined }, next: { readonly totals: OperationTotals; readonly epoch: string | undefined }, seconds: number): OperationTotals | undefined {
  if (!(seconds > 0)) return undefined
  const restarted = (prev.epoch !== undefined && next.epoch !== undefined && prev.epoch !== next.epoch) || OPS.some((k) => next.totals[k] < prev.totals[k])
  const r = (k: (typeof OPS)[number]) => (restarted ? next.totals[k] : next.totals[k] - prev.totals[k]) / seconds
  return { insert: r('insert'), update: r('update'), delete: r('delete'), read: r('read') }
}

/**
 * Turns successive `$snapshot database` answers of one cluster into metrics samples: per node,
 * per group and for the whole cluster. Keeps each node's last counters (also across an outage of
 * that node). The first answer only sets the baselines: no sample.
 */
export class MetricsTracker {
  readonly #nodes = new Map<string, { at: number; totals: OperationTotals; epoch: string | undefined }>()
  #cluster: { at: number; totals: OperationTotals; down: string } | undefined
  #primed = false

  /** The sample for this answer, or undefined (first answer, or not comparable with the last). */
  sample(snapshot: DatabaseSnapshot, now: number): MetricsSample | undefined {
    if (snapshot.nodes.length === 0 && snapshot.down.length === 0) return this.#aggregateSample(snapshot, now)
    this.#cluster = undefined
    const primed = this.#primed
    this.#primed = true
    const nodes: NodeRates[] = []
    const seen = new Set<string>()
    let totals = zero
    for (const n of snapshot.nodes) {
      seen.add(n.name)
      const prev = this.#nodes.get(n.name)
      const r = prev === undefined ? undefined : nodeRates(prev, n, (now - prev.at) / 1000)
      this.#nodes.set(n.name, { at: now, totals: n.totals, epoch: n.epoch })
      totals = add(totals, n.totals)
      nodes.push({ name: n.name, group: n.group, status: 'up', isPrimary: n.isPrimary, insert: r?.insert ?? null, update: r?.update ?? null, delete: r?.delete ?? null, read: r?.read ?? null })
    }
    for (const d of snapshot.down) {
      if (seen.has(d.name)) continue
      seen.add(d.name)
      nodes.push({ name: d.name, group: d.group, status: 'down', isPrimary: false, insert: null, update: null, delete: null, read: null })
    }
    // Nodes removed from the cluster are forgotten; a down node keeps its last counters.
    for (const name of this.#nodes.keys()) if (!seen.has(name)) this.#nodes.delete(name)
    if (!primed) return undefined
    nodes.sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name))
    const groups = new Map<string, GroupRates>()
    let cluster = zero
    for (const n of nodes) {
      const g = groups.get(n.group) ?? { name: n.group, insert: 0, update: 0, delete: 0, read: 0, nodesReporting: 0, nodesDown: 0 }
      if (n.status === 'down') g.nodesDown += 1
      else if (n.insert !== null) {
        g.nodesReporting += 1
        const r = { insert: n.insert, update: n.update ?? 0, delete: n.delete ?? 0, read: n.read ?? 0 }
        for (const k of OPS) g[k] += r[k]
        cluster = add(cluster, r)
      }
      groups.set(n.group, g)
    }
    return { at: new Date(now).toISOString(), ...cluster, totals, groups: [...groups.values()], nodes }
  }

  /** Forgets the cluster-wide baseline (a failed read: the next answer may not be comparable). */
  forgetAggregate(): void {
    this.#cluster = undefined
  }

  // A server that only gives the aggregate: its sum drops when a node goes down and jumps when it
  // comes back, so a change in the unreachable set restarts the baseline instead of a spike.
  #aggregateSample(snapshot: DatabaseSnapshot, now: number): MetricsSample | undefined {
    if (snapshot.aggregate === undefined) {
      this.#cluster = undefined
      return undefined
    }
    const down = snapshot.down.map((d) => d.name).sort().join(',')
    const prev = this.#cluster
    this.#cluster = { at: now, totals: snapshot.aggregate, down }
    if (prev === undefined || prev.down !== down) return undefined
    const r = rates(prev.totals, snapshot.aggregate, (now - prev.at) / 1000)
    return { at: new Date(now).toISOString(), ...r, totals: snapshot.aggregate }
  }
}
