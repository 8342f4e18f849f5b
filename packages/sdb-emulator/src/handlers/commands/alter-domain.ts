import { optionalDocument, requireString } from '../args.js'
import { alterOptions } from '../alter-options.js'
import type { CommandHandler } from '../types.js'

/** `$alter domain`: `{Name, Options}` or the `AlterType` form (add/set/remove groups...). */
export const alterDomain: CommandHandler = (env, args) => {
  const name = requireString(args.condition, 'Name')
  env.catalog.alterDomain(name, alterOptions(args.condition, optionalDocument(args.condition, 'Options') ?? {}))
  return {}
}
