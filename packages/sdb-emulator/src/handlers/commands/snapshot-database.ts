import { Long, type BsonDocument } from '@canopy/sdb-client/bson'
import { GroupRole, nodeName, type ClusterNode } from '../../cluster/cluster.js'
import { NodeState } from '../../cluster/node-state.js'
import { SdbFault } from '../../engine/fault.js'
import { double, int32, int64 } from '../args.js'
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
 * `$snapshot database`: a data or catalog node answers its own record; a coordinator sums the
 * counters of every running node into one record of doubles, with the unreachable nodes in
 * `ErrNodes` (`coordSnapshotDef.hpp`).
 */
export const snapshotDatabase: CommandHandler = (env, query) => {
  if (env.node.group.role !== GroupRole.Coord) return listResult([nodeDatabaseRecord(env, env.node)], query)
  const { args, selects, selective } = splitNodeSelection(query)
  const nodes = snapshotNodes(env).filter(selects)
  // Asked about particular nodes that are all down: the coordinator cannot reach them.
  if (selective && nodes.every((n) => n.state !== NodeState.Running)) throw new SdbFault(-79, 'No selected node is running')
  const sums = new Map<string, number>()
  const errNodes: BsonDocument[] = []
  for (const node of nodes) {
    if (node.state !== NodeState.Running) {
      errNodes.push(errNode(node))
      continue
    }
    const c = countersOf(node)
    for (const name of COUNTER_NAMES) sums.set(name, (sums.get(name) ?? 0) + c[name])
  }
  const mem = memoryStats()
  const doc: BsonDocument = {}
  for (const name of COUNTER_NAMES) doc[name] = double(sums.get(name) ?? 0)
  for (const name of MEMORY_FIELDS) doc[name] = double(name === 'rss' ? mem.rss : name === 'vsize' ? mem.vsize : 0)
  doc.MemPoolMaxOOLSize = Long.fromNumber(0)
  doc.ErrNodes = errNodes
  return listResult([doc], args)
}
