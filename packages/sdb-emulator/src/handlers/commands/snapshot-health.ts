import type { BsonDocument } from '@canopy/sdb-client/bson'
import { GroupRole, nodeName, type ClusterNode } from '../../cluster/cluster.js'
import { NodeState } from '../../cluster/node-state.js'
import { int32, int64 } from '../args.js'
import { listResult } from '../list-result.js'
import { splitNodeSelection } from '../node-selection.js'
import { countersOf } from '../node-counters.js'
import { diskStats, memoryStats } from '../snapshots/host-stats.js'
import { isPrimary, lsnFields, sdbTimestamp } from '../snapshots/identity.js'
import type { CommandHandler, HandlerEnv } from '../types.js'
import { snapshotNodes } from './snapshot-database.js'

/** One node's `$snapshot health` record (`monDump.cpp` `_monHealthFetch`). */
export function nodeHealthRecord(env: HandlerEnv, node: ClusterNode): BsonDocument {
  const running = node.state === NodeState.Running
  const disk = diskStats(undefined)
  const mem = memoryStats()
  const primary = env.cluster.primaryOf(node.group)
  const lag =
    node.group.role === GroupRole.Data && primary !== undefined ? env.router.lsnOf(primary) - env.router.lsnOf(node) : 0n
  return {
    NodeName: nodeName(node),
    IsPrimary: isPrimary(node),
    ServiceStatus: running,
    Status: running ? 'Normal' : 'Shutdown',
    FTStatus: '',
    ...lsnFields(env, node),
    NodeID: [int32(node.group.groupId), int32(node.nodeId)],
    DataStatus: env.cluster.isCatchingUp(node) ? 'Repairing' : 'Normal',
    SyncControl: false,
    Ulimit: {
      CoreFileSize: int64(0),
      VirtualMemory: int64(-1),
      OpenFiles: int64(20000),
      NumProc: int64(-1),
      FileSize: int64(-1),
      StackSize: int64(8388608),
    },
    ResetTimestamp: sdbTimestamp(countersOf(node).ResetTimestamp),
    ErrNum: { SDB_OOM: int64(0), SDB_NOSPC: int64(0), SDB_TOO_MANY_OPEN_FD: int64(0) },
    Memory: {
      LoadPercent: int32(Math.round(((mem.totalRam - mem.freeRam) * 100) / Math.max(1, mem.totalRam))),
      TotalRAM: int64(mem.totalRam),
      RssSize: int64(mem.rss),
      LoadPercentVM: int32(0),
      VMLimit: int64(-1),
      VMSize: int64(mem.vsize),
    },
    Disk: { Name: 'emulator', LoadPercent: int32(disk.loadPercent), TotalSpace: int64(disk.total), FreeSpace: int64(disk.free) },
    FileDesp: { LoadPercent: int32(0), TotalNum: int64(20000), FreeNum: int64(19900) },
    StartHistory: node.startHistory.map(sdbTimestamp),
    AbnormalHistory: [],
    DiffLSNWithPrimary: int64(lag > 0n ? lag : 0n),
  }
}

/**
 * `$snapshot health`: one record per node. A coordinator returns them one node per batch
 * (query reply, then one getMore each), as the real one does.
 */
export const snapshotHealth: CommandHandler = (env, query) => {
  if (env.node.group.role !== GroupRole.Coord) return listResult([nodeHealthRecord(env, env.node)], query)
  const { args, selects } = splitNodeSelection(query)
  return listResult(
    snapshotNodes(env)
      .filter(selects)
      .map((n) => [nodeHealthRecord(env, n)]),
    args,
  )
}
