import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$truncate` `{Collection}`: removes every record and LOB, keeps the indexes. */
export const truncate: CommandHandler = (env, args) => {
  const name = requireString(args.condition, 'Collection')
  const info = env.router.collection(name)
  env.router.onPrimaries(env.router.groupsOf(info), (store) => store.truncate(name))
  return { startFrom: info.version }
}
