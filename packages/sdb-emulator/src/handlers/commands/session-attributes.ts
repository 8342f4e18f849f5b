import type { BsonDocument, BsonValue } from '@canopy/sdb-client/bson'
import { SdbFault } from '../../engine/fault.js'
import { int32, int64, isDocument, toNumber } from '../args.js'
import type { CommandHandler } from '../types.js'

const INSTANCE_LETTERS: Readonly<Record<number, string>> = { 8: 'M', 9: 'S', 10: 'A' }

/** Session attribute defaults of a v6 coordinator, in the order `$get session attribute` lists them. */
function defaults(): BsonDocument {
  return {
    PreferredInstance: 'M',
    PreferredInstanceMode: 'random',
    PreferredStrict: false,
    PreferredPeriod: int32(60),
    PreferredConstraint: '',
    Timeout: int64(-1),
    TransIsolation: int32(0),
    TransTimeout: int32(60),
    TransUseRBS: true,
    TransLockWait: false,
    TransAutoCommit: false,
    TransAutoRollback: true,
    TransRCCount: true,
    TransAllowLockEscalation: true,
    TransMaxLockNum: int32(10000),
    TransMaxLogSpaceRatio: int32(50),
    Source: '',
  }
}

const LEGACY: Readonly<Record<string, string>> = {
  PreferedInstance: 'PreferredInstance',
  PreferedInstanceMode: 'PreferredInstanceMode',
  PreferedStrict: 'PreferredStrict',
  PreferedPeriod: 'PreferredPeriod',
}

/** `$set session attribute`: accepts both spellings; the driver's `PreferedInstanceV1` wins. */
export const setSessionAttribute: CommandHandler = (env, args) => {
  const known = defaults()
  const next: BsonDocument = { ...env.session.attributes }
  for (const [rawKey, value] of Object.entries(args.condition)) {
    if (rawKey === 'PreferedInstanceV1') {
      next.PreferredInstance = value
      continue
    }
    const key = LEGACY[rawKey] ?? rawKey
    if (!(key in known)) throw new SdbFault(-6, `Unknown session attribute: ${rawKey}`)
    next[key] = key === 'PreferredInstance' ? instanceValue(value) : value
  }
  if ('PreferedInstanceV1' in args.condition) next.PreferredInstance = args.condition.PreferedInstanceV1
  env.session.attributes = next
  return {}
}

function instanceValue(v: BsonValue): BsonValue {
  const n = toNumber(v)
  if (n === undefined) return v
  return INSTANCE_LETTERS[n] ?? v
}

/** `$get session attribute`: one record, legacy spellings next to the current ones. */
export const getSessionAttribute: CommandHandler = (env) => {
  const attrs = { ...defaults(), ...env.session.attributes }
  const doc: BsonDocument = {}
  for (const [key, value] of Object.entries(attrs)) {
    const legacy = Object.entries(LEGACY).find(([, k]) => k === key)?.[0]
    if (legacy !== undefined) doc[legacy] = isDocument(value) ? { ...value } : value
    doc[key] = value
  }
  return { cursor: { batches: [[doc]] } }
}
