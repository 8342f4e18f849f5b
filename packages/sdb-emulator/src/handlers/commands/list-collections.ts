import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'

/** `$list collections`: `{Name: "cs.cl"}` per collection. */
export const listCollections: CommandHandler = (env, args) =>
  listResult(env.catalog.listCollections().map((cl) => ({ Name: cl.name })), args)
