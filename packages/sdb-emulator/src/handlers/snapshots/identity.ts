import { Long, type BsonDocument } from '@canopy/sdb-client/bson'
import { GroupRole, nodeName, type ClusterNode } from '../../cluster/cluster.js'
import { NodeState } from '../../cluster/node-state.js'
import { int32, int64 } from '../args.js'
import type { HandlerEnv } from '../types.js'

/** `Role` string of a node (`"data"`, `"coord"`, `"catalog"`). */
export function roleName(node: ClusterNode): string {
  if (node.group.role === GroupRole.Coord) return 'coord'
  if (node.group.role === GroupRole.Catalog) return 'catalog'
  return 'data'
}

/** `YYYY-MM-DD-HH.MM.SS.micros` as the server prints times in snapshots (UTC here). */
export function sdbTimestamp(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-` +
    `${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}`
  )
}

function lsnDoc(offset: bigint): BsonDocument {
  return { Offset: int64(offset), Version: int32(1) }
}

/** The LSN block of a node's snapshot records (`BeginLSN` ... `LSNQueSize`). */
export function lsnFields(env: HandlerEnv, node: ClusterNode): BsonDocument {
  const lsn = node.group.role === GroupRole.Data ? env.router.lsnOf(node) : node.lsn
  return {
    BeginLSN: lsnDoc(0n),
    CurrentLSN: lsnDoc(lsn),
    CommittedLSN: lsnDoc(lsn),
    CompleteLSN: Long.fromBigInt(lsn),
    LSNQueSize: int32(0),
  }
}

/** Whether a node is the primary of its group. */
export function isPrimary(node: ClusterNode): boolean {
  return node.group.primaryNodeId === node.nodeId
}

/** The identity block of `monAppendSystemInfo` (NodeName ... NodeID). */
export function identityFields(env: HandlerEnv, node: ClusterNode): BsonDocument {
  return {
    NodeName: nodeName(node),
    HostName: node.hostName,
    ServiceName: String(node.port),
    GroupName: node.group.name,
    IsPrimary: isPrimary(node),
    Location: '',
    IsLocationPrimary: false,
    ServiceStatus: node.state === NodeState.Running,
    Status: node.state === NodeState.Running ? 'Normal' : 'Shutdown',
    FTStatus: '',
    ...lsnFields(env, node),
    TransInfo: { TotalCount: int32(0), BeginLSN: Long.fromNumber(-1) },
    NodeID: [int32(node.group.groupId), int32(node.nodeId)],
  }
}
