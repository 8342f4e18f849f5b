import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$remove group` `{GroupName}`: -154 missing, -208 not empty; its nodes stop and vanish. */
export const removeGroup: CommandHandler = async (env, args) => {
  const name = requireString(args.condition, 'GroupName')
  const group = env.cluster.group(name)
  await env.cluster.removeGroup(name)
  for (const n of group?.nodes ?? []) env.router.forget(n)
  return {}
}
