import type { BsonDocument } from '@canopy/sdb-client/bson'
import { nodeName, type ClusterNode } from '../../cluster/cluster.js'
import { double, int32, int64 } from '../args.js'
import { listResult } from '../list-result.js'
import { sdbTimestamp } from '../snapshots/identity.js'
import type { CommandHandler, SessionState } from '../types.js'
import { sessionsByNode } from './list-sessions.js'

const SESSION_COUNTERS = [
  'TotalQuery', 'TotalSlowQuery', 'TotalTransCommit', 'TotalTransRollback', 'TotalDataRead', 'TotalIndexRead',
  'TotalDataWrite', 'TotalIndexWrite', 'TotalUpdate', 'TotalDelete', 'TotalInsert', 'TotalSelect', 'TotalRead',
  'TotalLobGet', 'TotalLobPut', 'TotalLobDelete', 'TotalLobList', 'TotalLobReadSize', 'TotalLobWriteSize',
  'TotalLobRead', 'TotalLobWrite', 'TotalLobTruncate', 'TotalLobAddressing', 'TotalReadTime', 'TotalWriteTime',
  'ReadTimeSpent', 'WriteTimeSpent',
] as const

/** `$snapshot sessions` record of one session (`monDump.cpp`). */
export function sessionSnapshotRecord(node: ClusterNode, s: SessionState): BsonDocument {
  const doc: BsonDocument = {
    NodeName: nodeName(node),
    SessionID: int64(s.id),
    TID: int32(Number(s.id % 100000n)),
    Status: 'Waiting',
    IsBlocked: false,
    Type: 'Agent',
    Name: s.remote,
    Doing: '',
    Source: '',
    QueueSize: int32(0),
    ProcessEventCount: int64(0),
    MemPoolSize: int32(0),
    RelatedID: `${s.remote}:${s.id}`,
    Contexts: s.contexts.ids().map((id) => int64(id)),
  }
  for (const name of SESSION_COUNTERS) doc[name] = int64(0)
  Object.assign(doc, {
    ConnectTimestamp: sdbTimestamp(s.connectedAt),
    ResetTimestamp: sdbTimestamp(s.connectedAt),
    LastOpType: s.lastOp,
    LastOpBegin: '--',
    LastOpEnd: '--',
    LastOpInfo: '',
    UserCPU: double(0),
    SysCPU: double(0),
  })
  return doc
}

/** `$snapshot sessions` / `... current`: every record in one result (the coord merges them). */
export function snapshotSessions(current: boolean): CommandHandler {
  return (env, args) =>
    listResult(
      sessionsByNode(env, current).flatMap(({ node, sessions }) => sessions.map((s) => sessionSnapshotRecord(node, s))),
      args,
    )
}
