import type { CommandHandler } from '../types.js'
import { targetNode } from './node-target.js'

/**
 * `$shutdown node` `{HostName, svcname}`: the node closes its port and drops its sessions; a
 * stopped primary is replaced by election when a majority still runs. The reply goes out before
 * the node stops, so shutting down the node one is connected to still gets its answer.
 */
export const shutdownNode: CommandHandler = (env, args) => {
  const node = targetNode(env, args)
  if (node === env.node) {
    setImmediate(() => void env.cluster.stopNode(node).catch(() => undefined))
    return {}
  }
  return env.cluster.stopNode(node).then(() => ({}))
}
