import type { BsonDocument } from '@canopy/sdb-client/bson'
import { GroupRole, nodeName, type ClusterNode } from '../../cluster/cluster.js'
import { NodeState } from '../../cluster/node-state.js'
import { int32 } from '../args.js'
import { listResult } from '../list-result.js'
import { splitNodeSelection } from '../node-selection.js'
import { roleName } from '../snapshots/identity.js'
import type { CommandHandler } from '../types.js'

function configRecord(node: ClusterNode): BsonDocument {
  const dbpath = node.dbpath.endsWith('/') ? node.dbpath : `${node.dbpath}/`
  return {
    NodeName: nodeName(node),
    dbpath,
    diagpath: `${dbpath}diaglog/`,
    logpath: `${dbpath}replicalog/`,
    svcname: String(node.port),
    replname: String(node.port + 1),
    shardname: String(node.port + 2),
    catalogname: String(node.port + 3),
    httpname: String(node.port + 4),
    omname: String(node.port + 5),
    diaglevel: int32(3),
    role: roleName(node),
    logfilesz: int32(64),
    logfilenum: int32(20),
    transactionon: 'TRUE',
    auth: 'TRUE',
  }
}

/** `$snapshot configs`: one record per running node (one node per batch on a coordinator). */
export const snapshotConfigs: CommandHandler = (env, query) => {
  const { args, selects } = splitNodeSelection(query)
  const nodes = env.node.group.role === GroupRole.Coord ? env.cluster.allNodes().filter(selects) : [env.node]
  return listResult(
    nodes.filter((n) => n.state === NodeState.Running).map((n) => [configRecord(n)]),
    args,
  )
}
