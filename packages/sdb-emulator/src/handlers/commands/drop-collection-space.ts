import { optionalBool, requireString } from '../args.js'
import { resetCollectionCounters } from '../node-counters.js'
import type { CommandHandler } from '../types.js'

/**
 * `$drop collectionspace` `{Name, EnsureEmpty?}`: -34 missing, -275 not empty. The counters of
 * its collections go with them.
 */
export const dropCollectionSpace: CommandHandler = (env, args) => {
  const name = requireString(args.condition, 'Name')
  const { collections } = env.catalog.dropCollectionSpace(name, optionalBool(args.condition, 'EnsureEmpty') ?? false)
  const groups = new Set(collections.flatMap((c) => env.router.groupsOf(c)))
  env.router.onPrimaries([...groups], (store) => store.dropCollectionSpace(name))
  for (const c of collections) {
    for (const node of env.router.groupsOf(c).flatMap((g) => g.nodes)) resetCollectionCounters(node, c.name)
  }
  return {}
}
