import { QueryFlag, type CommandHandler } from '../types.js'

/**
 * `$create collection`: the catalog validates the options and places the collection; then it is
 * created (with its `$id` index) on the primary of each group that holds it.
 */
export const createCollection: CommandHandler = (env, args) => {
  const info = env.catalog.createCollection(args.condition, (args.flags & QueryFlag.CreateWhenNotExist) !== 0)
  const indexes = env.catalog.listIndexes(info.name)
  env.router.onPrimaries(env.router.groupsOf(info), (store) => store.createCollection(info.name, indexes))
  return { startFrom: info.version }
}
