import { optionalDocument, requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$create domain` `{Name, Options?: {Groups, AutoSplit...}}`: -215 exists, -154 group missing. */
export const createDomain: CommandHandler = (env, args) => {
  env.catalog.createDomain(requireString(args.condition, 'Name'), optionalDocument(args.condition, 'Options'))
  return {}
}
