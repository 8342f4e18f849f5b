import { optionalBool, requirePort, requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/**
 * `$remove node` `{GroupName, HostName, svcname, Enforced}`: -155 missing; -204 for the group's
 * primary or only node unless `Enforced` (`enforced` also read, as `catContextNode.cpp`).
 */
export const removeNode: CommandHandler = async (env, args) => {
  const groupName = requireString(args.condition, 'GroupName')
  const host = requireString(args.condition, 'HostName')
  const port = requirePort(args.condition, 'svcname')
  const enforced = optionalBool(args.condition, 'Enforced') ?? optionalBool(args.condition, 'enforced') ?? false
  const node = env.cluster.group(groupName)?.nodes.find((n) => n.port === port)
  await env.cluster.removeNode(groupName, host, port, enforced)
  if (node !== undefined) env.router.forget(node)
  return {}
}
