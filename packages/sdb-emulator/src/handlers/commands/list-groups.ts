import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'

/** `$list groups` (coord only): the SYSCAT.SYSNODES documents of contract §10.6.1. */
export const listGroups: CommandHandler = (env, args) =>
  listResult(env.catalog.listGroups().map((g) => g.document), args)
