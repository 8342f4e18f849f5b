import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'

/** `$list domains`: `{Name, Groups: [{GroupName, GroupID}], AutoSplit...}`. */
export const listDomains: CommandHandler = (env, args) =>
  listResult(env.catalog.listDomains().map((d) => d.document), args)
