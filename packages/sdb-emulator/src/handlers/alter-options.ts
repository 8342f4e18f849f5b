import type { BsonDocument } from '@canopy/sdb-client/bson'
import { SdbFault } from '../engine/fault.js'
import { isDocument } from './args.js'

/**
 * Flattens both `$alter` forms into one options document: form 1 `{Name, Options}` as is; form 2
 * `{AlterType, Version, Name, Alter: {Name: action, Args} | [...]}` merges the `Args` of the
 * `set attributes` actions and passes other actions as `{Action: name, ...Args}` entries.
 */
export function alterOptions(condition: BsonDocument, options: BsonDocument): BsonDocument {
  const alter = condition.Alter
  if (alter === undefined) return options
  const actions = Array.isArray(alter) ? alter : [alter]
  const out: BsonDocument = { ...options }
  for (const a of actions) {
    if (!isDocument(a) || typeof a.Name !== 'string') throw new SdbFault(-6, 'Alter action must be {Name, Args}')
    const args = isDocument(a.Args) ? a.Args : {}
    if (a.Name === 'set attributes') Object.assign(out, args)
    else out[a.Name] = args
  }
  return out
}
