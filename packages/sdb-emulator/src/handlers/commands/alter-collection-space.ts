import { optionalDocument, requireString } from '../args.js'
import { alterOptions } from '../alter-options.js'
import type { CommandHandler } from '../types.js'

/** `$alter collectionspace`: `{Name, Options}` or the `AlterType` form with actions. */
export const alterCollectionSpace: CommandHandler = (env, args) => {
  const name = requireString(args.condition, 'Name')
  const options = optionalDocument(args.condition, 'Options') ?? {}
  env.catalog.alterCollectionSpace(name, alterOptions(args.condition, options))
  return {}
}
