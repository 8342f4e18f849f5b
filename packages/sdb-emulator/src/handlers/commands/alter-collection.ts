import { optionalDocument, requireString } from '../args.js'
import { alterOptions } from '../alter-options.js'
import type { CommandHandler } from '../types.js'

/** `$alter collection`: `{Name, Options}` or the `AlterType` form (ReplSize, sharding, ...). */
export const alterCollection: CommandHandler = (env, args) => {
  const name = requireString(args.condition, 'Name')
  const options = optionalDocument(args.condition, 'Options') ?? {}
  const info = env.catalog.alterCollection(name, alterOptions(args.condition, options))
  return { startFrom: info.version }
}
