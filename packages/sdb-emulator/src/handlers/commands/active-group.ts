import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$active group` `{GroupName}` ("start group"): activates the group and starts its nodes. */
export const activeGroup: CommandHandler = async (env, args) => {
  await env.cluster.activateGroup(requireString(args.condition, 'GroupName'))
  return {}
}
