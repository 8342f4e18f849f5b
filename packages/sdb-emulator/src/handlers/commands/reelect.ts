import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$reelect` `{GroupName, NodeID?}`: re-runs the election of a group. */
export const reelect: CommandHandler = (env, args) => {
  const group = env.cluster.requireGroup(requireString(args.condition, 'GroupName'))
  env.cluster.electNow(group)
  return {}
}
