import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$drop domain` `{Name}`: -214 missing, -256 in use. */
export const dropDomain: CommandHandler = (env, args) => {
  env.catalog.dropDomain(requireString(args.condition, 'Name'))
  return {}
}
