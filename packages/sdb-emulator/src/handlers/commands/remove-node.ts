import { requirePort, requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$remove node` `{GroupName, HostName, svcname}`: -155 missing, -204 last node. */
export const removeNode: CommandHandler = async (env, args) => {
  const groupName = requireString(args.condition, 'GroupName')
  const host = requireString(args.condition, 'HostName')
  const port = requirePort(args.condition, 'svcname')
  const node = env.cluster.group(groupName)?.nodes.find((n) => n.port === port)
  await env.cluster.removeNode(groupName, host, port)
  if (node !== undefined) env.router.forget(node)
  return {}
}
