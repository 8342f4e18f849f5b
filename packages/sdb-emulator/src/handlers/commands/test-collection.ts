import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$test collection` `{Name}`: -23 missing, -34 when the space is missing. */
export const testCollection: CommandHandler = (env, args) => {
  const info = env.router.collection(requireString(args.condition, 'Name'))
  return { startFrom: info.version }
}
