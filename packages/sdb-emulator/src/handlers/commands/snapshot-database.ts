import { Long, type BsonDocument } from '@canopy/sdb-client/bson'
import { GroupRole, nodeName, type ClusterNode } from '../../cluster/cluster.js'
import { NodeState } from '../../cluster/node-state.js'
import { SdbFault } from '../../engine/fault.js'
import { double, int32, int64, isDocument } from '../args.js'
import { splitNodeSelection } from '../node-selection.js'
import { listResult } from '../list-result.js'
import { COUNTER_NAMES, countersOf } from '../node-counters.js'
import { diskStats, memoryStats } from '../snapshots/host-stats.js'
import { identityFields, roleName, sdbTimestamp } from '../snapshots/identity.js'
import type { CommandHandler, HandlerEnv } from '../types.js'

const MEMORY_FIELDS = ['freeLogSpace', 'vsize', 'rss', 'MemShared', 'fault', 'TotalMapped', 'svcNetIn', 'svcNetOut', 'shardNetIn', 'shardNetOut', 'replNetIn', 'replNetOut', 'MemPoolSize', 'MemPoolFree', 'MemPoolUsed'] as const

/** One node's `$snapshot database` record (`monDump.cpp` `_monDataBaseFetch`). */
export function nodeDatabaseRecord(env: HandlerEnv, node: ClusterNode): BsonDocument {
  const sessions = env.sessions().filter((s) => s.node === node)
  const contexts = sessions.reduce((n, s) => n + s.session.contexts.size, 0)
  const c = countersOf(node)
  const disk = diskStats(undefined)
  const mem = memoryStats()
  const doc: BsonDocument = {
    ...identityFields(env, node),
    Version: { Major: int32(6), Minor: int32(0), Fix: int32(0), Release: int32(1), GitVersion: 'canopy-emulator', Build: sdbTimestamp(env.startedAt) },
    CurrentActiveSessions: int32(sessions.length),
    CurrentIdleSessions: int32(0),
    CurrentSystemSessions: int32(0),
    CurrentTaskSessions: int32(0),
    CurrentContexts: int32(contexts),
    ReceivedEvents: int64(c.TotalQuery),
    Role: roleName(node),
    Disk: { DatabasePath: node.dbpath, LoadPercent: int32(disk.loadPercent), TotalSpace: int64(disk.total), FreeSpace: int64(disk.free) },
  }
  for (const name of COUNTER_NAMES) doc[name] = int64(c[name])
  Object.assign(doc, {
    ActivateTimestamp: sdbTimestamp(node.startHistory[0] ?? env.startedAt),
    ResetTimestamp: sdbTimestamp(c.ResetTimestamp),
    UserCPU: (process.cpuUsage().user / 1e6).toFixed(6),
    SysCPU: (process.cpuUsage().system / 1e6).toFixed(6),
    freeLogSpace: int64(1342177280),
    vsize: int64(mem.vsize),
    rss: int64(mem.rss),
    MemShared: int64(0),
    fault: int64(0),
    TotalMapped: int64(0),
    svcNetIn: int64(0),
    svcNetOut: int64(0),
    shardNetIn: int32(0),
    shardNetOut: int32(0),
    replNetIn: int32(0),
    replNetOut: int32(0),
    SchdlrType: int32(0),
    SchdlrTypeDesp: 'NONE',
    Run: int32(0),
    Wait: int32(0),
    SchdlrMgrEvtNum: int32(0),
    SchdlrTimes: int64(0),
    MemPoolSize: int64(0),
    MemPoolUsed: int64(0),
    MemPoolFree: int64(0),
    MemPoolMaxOOLSize: int64(0),
  })
  return doc
}

/** A sub-node that could not answer, as a coordinator lists it under `ErrNodes`. */
export function errNode(node: ClusterNode): BsonDocument {
  return {
    NodeName: nodeName(node),
    GroupName: node.group.name,
    Flag: int32(-79),
    ErrInfo: { errno: int32(-79), description: 'Unable to connect to the specified address', detail: '' },
  }
}

/** The nodes a coordinator asks for snapshots: every catalog and data node. */
export function snapshotNodes(env: HandlerEnv): ClusterNode[] {
  return env.cluster.allNodes().filter((n) => n.group.role !== GroupRole.Coord)
}

/**
 * The nodes a coordinator asks for `$snapshot database`: data and coordinator nodes, not the
 * catalog (`_coordCMDMonIntrBase::_preSet` sets the data and coord roles).
 */
function databaseNodes(env: HandlerEnv): ClusterNode[] {
  return env.cluster.allNodes().filter((n) => n.group.role !== GroupRole.Catalog)
}

/** How a coordinator reports nodes it could not reach (`$Options` of the hint, `coordParseShowErrorHint`). */
interface ShowError {
  readonly show: 'show' | 'only' | 'ignore'
  readonly mode: 'aggr' | 'flat'
}

function optionString(options: BsonDocument, field: string, allowed: readonly string[]): string | undefined {
  const entry = Object.entries(options).find(([k]) => k.toLowerCase() === field.toLowerCase())
  if (entry === undefined) return undefined
  const v = entry[1]
  if (typeof v !== 'string') throw new SdbFault(-6, `Field [${field}] is not string`)
  const lower = v.toLowerCase()
  if (!allowed.includes(lower)) throw new SdbFault(-6, `Field [${field}] is unknown option [${v}]`)
  return lower
}

function showErrorOf(hint: BsonDocument): ShowError {
  const options = hint.$Options
  if (!isDocument(options)) return { show: 'show', mode: 'aggr' }
  const show = optionString(options, 'ShowError', ['show', 'only', 'ignore']) ?? 'show'
  const mode = optionString(options, 'ShowErrorMode', ['aggr', 'flat']) ?? 'aggr'
  return { show: show as ShowError['show'], mode: mode as ShowError['mode'] }
}

/** The unreachable nodes as the coordinator appends them: one `{ErrNodes}` record, or one record each (flat). */
function errorRecords(errNodes: readonly BsonDocument[], showError: ShowError): BsonDocument[] {
  if (errNodes.length === 0 || showError.show === 'ignore') return []
  return showError.mode === 'flat' ? [...errNodes] : [{ ErrNodes: [...errNodes] }]
}

/**
 * `$snapshot database`: a data or catalog node answers its own record. A coordinator sums the
 * counters of every running data and coordinator node into one record of doubles, with the
 * unreachable nodes in `ErrNodes` (`coordSnapshotDef.hpp`). With `RawData: true` in the
 * condition (or `ShowError: "only"` in the hint's `$Options`) it skips that aggregation and
 * returns each node's own record, one node per batch, then the unreachable nodes as one
 * `{ErrNodes: [...]}` record (`_coordCMDMonBase::execute`, `_processFailedNodes`); the
 * remaining condition filters the node records only.
 */
export const snapshotDatabase: CommandHandler = (env, query) => {
  if (env.node.group.role !== GroupRole.Coord) return listResult([nodeDatabaseRecord(env, env.node)], query)
  const { args, selects, rawData } = splitNodeSelection(query)
  const showError = showErrorOf(query.hint)
  // Selected nodes that are all down are not an error either: `_coordCmdWithLocation::execute`
  // opens its context and reports them under ErrNodes (the legacy Node.js driver's
  // `node.getStatus()` relies on this for a node that was created but never started).
  const nodes = databaseNodes(env).filter(selects)
  const running = nodes.filter((n) => n.state === NodeState.Running)
  const errNodes = nodes.filter((n) => n.state !== NodeState.Running).map(errNode)
  if (rawData || showError.show === 'only') {
    const records = showError.show === 'only' ? [] : running.map((n) => [nodeDatabaseRecord(env, n)])
    const listed = listResult(records, args)
    const batches = listed.cursor !== undefined && 'batches' in listed.cursor ? listed.cursor.batches : []
    // Failed nodes come after the node records, whatever the condition.
    return { ...listed, cursor: { batches: [...batches, errorRecords(errNodes, showError)] } }
  }
  const sums = new Map<string, number>()
  for (const node of running) {
    const c = countersOf(node)
    for (const name of COUNTER_NAMES) sums.set(name, (sums.get(name) ?? 0) + c[name])
  }
  const mem = memoryStats()
  const doc: BsonDocument = {}
  for (const name of COUNTER_NAMES) doc[name] = double(sums.get(name) ?? 0)
  for (const name of MEMORY_FIELDS) doc[name] = double(name === 'rss' ? mem.rss : name === 'vsize' ? mem.vsize : 0)
  doc.MemPoolMaxOOLSize = Long.fromNumber(0)
  if (showError.show === 'show') doc.ErrNodes = errNodes
  return listResult([doc], args)
}
