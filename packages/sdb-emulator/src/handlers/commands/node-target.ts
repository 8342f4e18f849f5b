import { SdbFault } from '../../engine/fault.js'
import type { ClusterNode } from '../../cluster/cluster.js'
import { requirePort, requireString } from '../args.js'
import type { HandlerEnv, QueryArgs } from '../types.js'

/** The node a `$startup node` / `$shutdown node` names by `{HostName, svcname}`; -155 if none. */
export function targetNode(env: HandlerEnv, args: QueryArgs): ClusterNode {
  const host = requireString(args.condition, 'HostName')
  const port = requirePort(args.condition, 'svcname')
  const node = env.cluster.findNode(host, port) ?? env.cluster.allNodes().find((n) => n.port === port)
  if (node === undefined) throw new SdbFault(-155, `Node ${host}:${port} does not exist`)
  return node
}
