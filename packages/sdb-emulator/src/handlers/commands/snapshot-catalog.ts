import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'

/** `$snapshot catalog`: the catalog entry of every collection (name, sharding, placement...). */
export const snapshotCatalog: CommandHandler = (env, args) =>
  listResult(env.catalog.listCollections().map((c) => c.document), args)
