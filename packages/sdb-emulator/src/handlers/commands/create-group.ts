import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$create group` `{GroupName}`: one record, the new group document (v6 behaviour). */
export const createGroup: CommandHandler = (env, args) => {
  const info = env.cluster.createGroup(requireString(args.condition, 'GroupName'))
  return { documents: [info.document] }
}
