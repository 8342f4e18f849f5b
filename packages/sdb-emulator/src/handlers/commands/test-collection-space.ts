import { SdbFault } from '../../engine/fault.js'
import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$test collectionspace` `{Name}`: success when it exists, -34 otherwise. */
export const testCollectionSpace: CommandHandler = (env, args) => {
  const name = requireString(args.condition, 'Name')
  if (env.catalog.getCollectionSpace(name) === undefined) throw new SdbFault(-34, `Collection space ${name} does not exist`)
  return {}
}
