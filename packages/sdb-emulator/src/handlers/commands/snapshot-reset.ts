import { GroupRole } from '../../cluster/cluster.js'
import { resetCounters } from '../node-counters.js'
import type { CommandHandler } from '../types.js'

/** `$snapshot reset`: zeroes the counters (of every node when asked on a coordinator). */
export const snapshotReset: CommandHandler = (env) => {
  const nodes = env.node.group.role === GroupRole.Coord ? env.cluster.allNodes() : [env.node]
  for (const n of nodes) resetCounters(n)
  return {}
}
