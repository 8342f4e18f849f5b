import type { CommandHandler } from '../types.js'

/** `$create collectionspace`: Q carries Name and the options; the catalog validates them. */
export const createCollectionSpace: CommandHandler = (env, args) => {
  env.catalog.createCollectionSpace(args.condition)
  return {}
}
