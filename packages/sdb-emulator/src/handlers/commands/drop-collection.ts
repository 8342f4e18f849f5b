import { requireString } from '../args.js'
import { resetCollectionCounters } from '../node-counters.js'
import type { CommandHandler } from '../types.js'

/**
 * `$drop collection` `{Name}`: -23 missing. The nodes forget the collection's counters with it,
 * so a collection created again under the name starts from zero, as on the real server.
 */
export const dropCollection: CommandHandler = (env, args) => {
  const name = requireString(args.condition, 'Name')
  const info = env.router.collection(name)
  const groups = env.router.groupsOf(info)
  env.catalog.dropCollection(name)
  env.router.onPrimaries(groups, (store) => store.dropCollection(name))
  for (const node of groups.flatMap((g) => g.nodes)) resetCollectionCounters(node, name)
  return { startFrom: info.version }
}
