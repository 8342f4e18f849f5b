import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'

/** `$list collectionspaces`: `{Name}` per collection space, in creation order. */
export const listCollectionSpaces: CommandHandler = (env, args) =>
  listResult(env.catalog.listCollectionSpaces().map((cs) => ({ Name: cs.name })), args)
