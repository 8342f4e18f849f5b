import { optionalBool, requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$drop collectionspace` `{Name, EnsureEmpty?}`: -34 missing, -275 not empty. */
export const dropCollectionSpace: CommandHandler = (env, args) => {
  const name = requireString(args.condition, 'Name')
  const { collections } = env.catalog.dropCollectionSpace(name, optionalBool(args.condition, 'EnsureEmpty') ?? false)
  const groups = new Set(collections.flatMap((c) => env.router.groupsOf(c)))
  env.router.onPrimaries([...groups], (store) => store.dropCollectionSpace(name))
  return {}
}
