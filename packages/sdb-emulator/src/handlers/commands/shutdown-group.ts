import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$shutdown group` `{GroupName}`: stops every node of the group; the activation stays. */
export const shutdownGroup: CommandHandler = async (env, args) => {
  const group = env.cluster.requireGroup(requireString(args.condition, 'GroupName'))
  if (group.nodes.includes(env.node)) {
    setImmediate(() => void env.cluster.shutdownGroup(group.name).catch(() => undefined))
    return {}
  }
  await env.cluster.shutdownGroup(group.name)
  return {}
}
