import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$drop collection` `{Name}`: -23 missing. */
export const dropCollection: CommandHandler = (env, args) => {
  const name = requireString(args.condition, 'Name')
  const info = env.router.collection(name)
  const groups = env.router.groupsOf(info)
  env.catalog.dropCollection(name)
  env.router.onPrimaries(groups, (store) => store.dropCollection(name))
  return { startFrom: info.version }
}
