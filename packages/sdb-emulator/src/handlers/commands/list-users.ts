import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'

/** `$list users`: `{User, Roles, Options}` per user, without any password material. */
export const listUsers: CommandHandler = (env, args) =>
  listResult(env.catalog.listUsers().map((u) => u.document), args)
