import { GroupRole, SystemGroup } from '../../cluster/cluster.js'
import { NodeState } from '../../cluster/node-state.js'
import { listResult } from '../list-result.js'
import { splitNodeSelection } from '../node-selection.js'
import { nodeConfig } from '../snapshots/node-config.js'
import type { CommandHandler } from '../types.js'
import { snapshotNodes } from './snapshot-database.js'

/** `$snapshot configs`: one record per running node (catalog and data nodes, one per batch on a coordinator). */
export const snapshotConfigs: CommandHandler = (env, query) => {
  const { args, selects } = splitNodeSelection(query)
  const catalogNode = env.cluster.groupById(SystemGroup.CatalogId)?.nodes[0]
  const catalogAddress = catalogNode === undefined ? '' : `${catalogNode.hostName}:${String(catalogNode.port + 3)}`
  const nodes = env.node.group.role === GroupRole.Coord ? snapshotNodes(env).filter(selects) : [env.node]
  return listResult(
    nodes.filter((n) => n.state === NodeState.Running).map((n) => [nodeConfig(n, catalogAddress)]),
    args,
  )
}
