import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$create group` `{GroupName}`: one record, the new group document (v6 behaviour). */
export const createGroup: CommandHandler = (env, args) => {
  const info = env.cluster.createGroup(requireString(args.condition, 'GroupName'))
  // The reply is the new group as built, before the catalog stores it with an _id.
  const { _id: _stored, ...group } = info.document
  return { documents: [group] }
}
