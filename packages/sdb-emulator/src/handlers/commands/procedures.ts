import { Code, Int32, ObjectId, decodeDocument, encodeDocument, type BsonDocument } from '@canopy/sdb-client/bson'
import { SdbFault } from '../../engine/fault.js'
import type { CatalogStore } from '../../storage/index.js'
import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'

/** Where the catalog keeps `SYSPROCEDURES` (durable with the catalog's other settings). */
const SETTING = 'procedures'

function load(catalog: CatalogStore): BsonDocument[] {
  const raw = catalog.getSetting(SETTING)
  if (raw === undefined) return []
  const list = decodeDocument(Buffer.from(raw, 'base64'))['list']
  return Array.isArray(list) ? (list as BsonDocument[]) : []
}

function save(catalog: CatalogStore, procedures: readonly BsonDocument[]): void {
  catalog.setSetting(SETTING, encodeDocument({ list: [...procedures] }).toString('base64'))
}

/**
 * The name the catalog gives a stored function: the word after `function` up to `(` or a space
 * (`catPraseFunc`); the code is stored as text, never run.
 */
function functionName(code: string): string {
  const at = code.indexOf('function')
  if (at < 0) throw new SdbFault(-10, 'The code is not a function definition')
  const m = /^\s*([^\s(]*)/.exec(code.slice(at + 'function'.length))
  const name = m?.[1] ?? ''
  if (name === '') throw new SdbFault(-6, 'The function has no name')
  return name
}

/**
 * `$create procedure` `{func: Code, funcType: 0}`: records `{_id, name, func, funcType}` in
 * `SYSPROCEDURES`; -6 when `func` is not code or `funcType` not an int32, -342 when the name
 * exists. The emulator stores and lists procedures but does not run them (`$eval` is refused).
 */
export const createProcedure: CommandHandler = (env, args) => {
  const func = args.condition['func']
  const funcType = args.condition['funcType']
  if (!(func instanceof Code) || func.scope !== null || !(funcType instanceof Int32)) {
    throw new SdbFault(-6, 'func must be code and funcType an int32')
  }
  const name = functionName(func.code)
  const procedures = load(env.catalog)
  if (procedures.some((p) => p['name'] === name)) throw new SdbFault(-342, `Stored procedure ${name} exists`)
  save(env.catalog, [...procedures, { _id: new ObjectId(), name, func, funcType }])
  return {}
}

/** `$remove procedure` `{func: "name"}`: -6 unless a string, -233 when no procedure has the name. */
export const removeProcedure: CommandHandler = (env, args) => {
  const name = args.condition['func']
  if (typeof name !== 'string') throw new SdbFault(-6, 'func must be the procedure name')
  const procedures = load(env.catalog)
  if (!procedures.some((p) => p['name'] === name)) throw new SdbFault(-233, `Stored procedure ${name} does not exist`)
  save(env.catalog, procedures.filter((p) => p['name'] !== name))
  return {}
}

/** `$list procedures`: the `SYSPROCEDURES` records, filtered and ordered as any list. */
export const listProcedures: CommandHandler = (env, args) => listResult(load(env.catalog), args)
