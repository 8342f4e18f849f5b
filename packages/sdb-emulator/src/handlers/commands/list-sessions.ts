import type { BsonDocument } from '@canopy/sdb-client/bson'
import { GroupRole, nodeName, type ClusterNode } from '../../cluster/cluster.js'
import { NodeState } from '../../cluster/node-state.js'
import { int32, int64 } from '../args.js'
import { listResult } from '../list-result.js'
import type { CommandHandler, HandlerEnv, SessionState } from '../types.js'

/** `$list sessions` record of one session. */
export function sessionListRecord(node: ClusterNode, s: SessionState): BsonDocument {
  return {
    NodeName: nodeName(node),
    SessionID: int64(s.id),
    TID: int32(Number(s.id % 100000n)),
    Status: 'Waiting',
    Type: 'Agent',
    Name: s.remote,
    Source: '',
    RelatedID: `${s.remote}:${s.id}`,
  }
}

/** The nodes a coordinator reports sessions of, and the sessions of each. */
export function sessionsByNode(env: HandlerEnv, current: boolean): { node: ClusterNode; sessions: SessionState[] }[] {
  const all = env.sessions()
  if (current) return [{ node: env.node, sessions: [env.session] }]
  const nodes = env.node.group.role === GroupRole.Coord ? env.cluster.allNodes() : [env.node]
  return nodes
    .filter((n) => n.state === NodeState.Running)
    .map((node) => ({ node, sessions: all.filter((s) => s.node === node).map((s) => s.session) }))
}

/** `$list sessions` / `$list sessions current`: one batch per node on a coordinator. */
export function listSessions(current: boolean): CommandHandler {
  return (env, args) =>
    listResult(
      sessionsByNode(env, current).map(({ node, sessions }) => sessions.map((s) => sessionListRecord(node, s))),
      args,
    )
}
