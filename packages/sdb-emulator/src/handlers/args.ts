import { Double, Int32, Long, type BsonDocument, type BsonValue } from '@canopy/sdb-client/bson'
import { SdbFault } from '../engine/fault.js'

/** A required string field of a command argument (-6 when missing or not a string). */
export function requireString(doc: BsonDocument, field: string): string {
  const v = doc[field]
  if (typeof v !== 'string') throw new SdbFault(-6, `Field ${field} must be a string`)
  return v
}

/** An optional string field (-6 when present with another type). */
export function optionalString(doc: BsonDocument, field: string): string | undefined {
  const v = doc[field]
  if (v === undefined) return undefined
  if (typeof v !== 'string') throw new SdbFault(-6, `Field ${field} must be a string`)
  return v
}

/** An optional boolean field (-6 when present with another type). */
export function optionalBool(doc: BsonDocument, field: string): boolean | undefined {
  const v = doc[field]
  if (v === undefined) return undefined
  if (typeof v !== 'boolean') throw new SdbFault(-6, `Field ${field} must be a boolean`)
  return v
}

/** A number of any BSON numeric type as a JS number, or undefined for other values. */
export function toNumber(v: BsonValue | undefined): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof Int32 || v instanceof Double) return v.valueOf()
  if (v instanceof Long) return v.toNumber()
  return undefined
}

/** An optional numeric field (-6 when present and not numeric). */
export function optionalNumber(doc: BsonDocument, field: string): number | undefined {
  const v = doc[field]
  if (v === undefined) return undefined
  const n = toNumber(v)
  if (n === undefined) throw new SdbFault(-6, `Field ${field} must be a number`)
  return n
}

/** An optional sub-document field (-6 when present and not an object). */
export function optionalDocument(doc: BsonDocument, field: string): BsonDocument | undefined {
  const v = doc[field]
  if (v === undefined) return undefined
  if (!isDocument(v)) throw new SdbFault(-6, `Field ${field} must be an object`)
  return v
}

/** Whether a value is a plain sub-document (not an array or a BSON value class). */
export function isDocument(v: BsonValue | undefined): v is BsonDocument {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** A port given as a decimal string or a number (`svcname`). */
export function requirePort(doc: BsonDocument, field: string): number {
  const v = doc[field]
  const n = typeof v === 'string' ? Number(v) : toNumber(v)
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 65535) throw new SdbFault(-6, `Field ${field} must be a port number`)
  return n
}

/** int32 helper for result documents (the real server's int32 fields must stay int32). */
export function int32(n: number): Int32 {
  return new Int32(n)
}

/** int64 helper for result documents. */
export function int64(n: number | bigint): Long {
  return typeof n === 'bigint' ? Long.fromBigInt(n) : Long.fromNumber(n)
}

/** double helper for result documents (snapshot counters are doubles on a coordinator). */
export function double(n: number): Double {
  return new Double(n)
}
