import type { CommandHandler } from '../types.js'
import { targetNode } from './node-target.js'

/** `$startup node` `{HostName, svcname}`: the node opens its port and rejoins its group. */
export const startupNode: CommandHandler = async (env, args) => {
  await env.cluster.startNode(targetNode(env, args))
  return {}
}
