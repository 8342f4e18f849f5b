/**
 * The engine's view of BSON values: type codes, canonical type order, numbers of the four
 * numeric types, and documents whose field order survives integer-like keys.
 */
import {
  Double,
  Int32,
  Long,
  SdbDecimal,
  documentKeys,
  fieldOrder,
} from '@canopy/sdb-client/bson'
import type { BsonDocument, BsonValue } from '@canopy/sdb-client/bson'
import { Dec } from './dec.js'

export type { BsonDocument, BsonValue }

/** BSON type codes as SequoiaDB numbers them (`$type` answers these). */
export const T = {
  MinKey: -1,
  EOO: 0,
  Double: 1,
  String: 2,
  Object: 3,
  Array: 4,
  Binary: 5,
  Undefined: 6,
  ObjectId: 7,
  Bool: 8,
  Date: 9,
  Null: 10,
  Regex: 11,
  Code: 13,
  Symbol: 14,
  Int32: 16,
  Timestamp: 17,
  Int64: 18,
  Decimal128: 19,
  Decimal: 100,
  MaxKey: 127,
} as const

/** The type names `$type: 2` and `$cast` use. */
export const TYPE_NAMES: Readonly<Record<number, string>> = {
  [T.MinKey]: 'minkey',
  [T.Double]: 'double',
  [T.String]: 'string',
  [T.Object]: 'object',
  [T.Array]: 'array',
  [T.Binary]: 'bindata',
  [T.Undefined]: 'undefined',
  [T.ObjectId]: 'oid',
  [T.Bool]: 'bool',
  [T.Date]: 'date',
  [T.Null]: 'null',
  [T.Regex]: 'regex',
  [T.Code]: 'code',
  [T.Symbol]: 'symbol',
  [T.Int32]: 'int32',
  [T.Timestamp]: 'timestamp',
  [T.Int64]: 'int64',
  [T.Decimal]: 'decimal',
  [T.MaxKey]: 'maxkey',
}

const INT32_MIN = -2147483648
const INT32_MAX = 2147483647

function tagOf(value: object): string | undefined {
  const tag = (value as { _bsontype?: unknown })._bsontype
  return typeof tag === 'string' ? tag : undefined
}

/** True for a plain embedded document (not an array, not a BSON value class). */
export function isDoc(v: unknown): v is BsonDocument {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** The BSON type code of a value; `undefined` (a missing field) is EOO. */
export function typeCode(v: BsonValue): number {
  if (v === undefined) return T.EOO
  if (v === null) return T.Null
  switch (typeof v) {
    case 'string':
      return T.String
    case 'boolean':
      return T.Bool
    case 'number':
      return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX && !Object.is(v, -0) ? T.Int32 : T.Double
    case 'bigint':
      return T.Int64
    default:
      break
  }
  if (Array.isArray(v)) return T.Array
  if (v instanceof Date) return T.Date
  if (v instanceof SdbDecimal) return T.Decimal
  switch (tagOf(v)) {
    case 'Double':
      return T.Double
    case 'Int32':
      return T.Int32
    case 'Long':
      return T.Int64
    case 'Timestamp':
      return T.Timestamp
    case 'Binary':
      return T.Binary
    case 'BSONRegExp':
      return T.Regex
    case 'ObjectId':
      return T.ObjectId
    case 'MinKey':
      return T.MinKey
    case 'MaxKey':
      return T.MaxKey
    case 'Code':
      return T.Code
    case 'BSONSymbol':
      return T.Symbol
    case 'Decimal128':
      return T.Decimal128
    default:
      return T.Object
  }
}

/** SequoiaDB's canonical type order (`bsonelement.h: getBSONCanonicalType`). */
export function canonical(t: number): number {
  switch (t) {
    case T.MinKey:
      return -1
    case T.MaxKey:
      return 127
    case T.EOO:
    case T.Undefined:
      return 0
    case T.Null:
      return 5
    case T.Double:
    case T.Int32:
    case T.Int64:
    case T.Decimal:
    case T.Decimal128:
      return 10
    case T.String:
    case T.Symbol:
      return 15
    case T.Object:
      return 20
    case T.Array:
      return 25
    case T.Binary:
      return 30
    case T.ObjectId:
      return 35
    case T.Bool:
      return 40
    case T.Date:
    case T.Timestamp:
      return 45
    case T.Regex:
      return 50
    case T.Code:
      return 60
    default:
      return 65
  }
}

export function isNumberType(t: number): boolean {
  return t === T.Int32 || t === T.Int64 || t === T.Double || t === T.Decimal || t === T.Decimal128
}

/** A number of one of the four numeric types, normalised for arithmetic. */
export type Num =
  | { readonly k: 'int32'; readonly v: number }
  | { readonly k: 'int64'; readonly v: bigint }
  | { readonly k: 'double'; readonly v: number }
  | { readonly k: 'decimal'; readonly v: Dec | undefined; readonly raw: SdbDecimal | undefined }

/** Reads a numeric value; undefined when the value is not a number. */
export function toNum(v: BsonValue): Num | undefined {
  if (v === undefined || v === null) return undefined
  switch (typeof v) {
    case 'number':
      return typeCode(v) === T.Int32 ? { k: 'int32', v } : { k: 'double', v }
    case 'bigint':
      return { k: 'int64', v }
    case 'object':
      break
    default:
      return undefined
  }
  if (v instanceof SdbDecimal) return { k: 'decimal', v: Dec.parse(v.toString()), raw: v }
  switch (tagOf(v)) {
    case 'Int32':
      return { k: 'int32', v: (v as Int32).value }
    case 'Double':
      return { k: 'double', v: (v as Double).value }
    case 'Long':
      return { k: 'int64', v: (v as Long).toBigInt() }
    case 'Decimal128':
      return { k: 'decimal', v: Dec.parse((v as { toString(): string }).toString()), raw: undefined }
    default:
      return undefined
  }
}

/** A JS number approximating a numeric value (NaN for special decimals). */
export function numToNumber(n: Num): number {
  switch (n.k) {
    case 'int32':
    case 'double':
      return n.v
    case 'int64':
      return Number(n.v)
    case 'decimal':
      return n.v ? n.v.toNumber() : n.raw ? n.raw.toNumber() : NaN
  }
}

/** A numeric value as an exact decimal (undefined for NaN / infinities). */
export function numToDec(n: Num): Dec | undefined {
  switch (n.k) {
    case 'int32':
      return Dec.fromBigInt(BigInt(n.v))
    case 'int64':
      return Dec.fromBigInt(n.v)
    case 'double':
      return Dec.fromDouble(n.v)
    case 'decimal':
      return n.v
  }
}

/** Integer value (truncated toward zero) as a bigint; undefined for NaN/inf. */
export function numToBigInt(n: Num): bigint | undefined {
  switch (n.k) {
    case 'int32':
      return BigInt(n.v)
    case 'int64':
      return n.v
    case 'double':
      return Number.isFinite(n.v) ? BigInt(Math.trunc(n.v)) : undefined
    case 'decimal':
      return n.v?.trunc()
  }
}

export function int32(v: number): Int32 {
  return new Int32(v | 0)
}

export function int64(v: bigint): Long {
  return Long.fromBigInt(BigInt.asIntN(64, v))
}

export function double(v: number): Double {
  return new Double(v)
}

export function decimal(d: Dec): SdbDecimal {
  return SdbDecimal.fromString(d.toString())
}

export function fitsInt32(v: bigint): boolean {
  return v >= -2147483648n && v <= 2147483647n
}

export function fitsInt64(v: bigint): boolean {
  return v >= -(2n ** 63n) && v <= 2n ** 63n - 1n
}

/** Builds a BSON value from a numeric result. */
export function fromNum(n: Num): BsonValue {
  switch (n.k) {
    case 'int32':
      return int32(n.v)
    case 'int64':
      return int64(n.v)
    case 'double':
      return double(n.v)
    case 'decimal':
      return n.raw ?? (n.v ? decimal(n.v) : SdbDecimal.fromString('NaN'))
  }
}

/** A document's field names in field order. */
export function keysOf(doc: BsonDocument): string[] {
  return documentKeys(doc)
}

const INTEGER_LIKE = /^(0|[1-9]\d*)$/

/** Builds a document from fields in order, keeping that order even for integer-like names. */
export function makeDoc(entries: Iterable<readonly [string, BsonValue]>): BsonDocument {
  const doc: BsonDocument = {}
  const order: string[] = []
  let needsOrder = false
  for (const [k, v] of entries) {
    if (v === undefined) continue
    if (!Object.hasOwn(doc, k)) order.push(k)
    if (INTEGER_LIKE.test(k) && Number(k) < 4294967295) needsOrder = true
    doc[k] = v
  }
  if (needsOrder) Object.defineProperty(doc, fieldOrder, { value: order, enumerable: false })
  return doc
}

/** The fields of a document, in order. */
export function entriesOf(doc: BsonDocument): [string, BsonValue][] {
  return keysOf(doc).map((k) => [k, doc[k]])
}

/** Deep copy of plain documents and arrays (value classes are immutable and shared). */
export function clone(v: BsonValue): BsonValue {
  if (Array.isArray(v)) return v.map(clone)
  if (isDoc(v)) return makeDoc(entriesOf(v).map(([k, x]) => [k, clone(x)]))
  return v
}

/** The text of a string-like value (string, symbol, code) or a decimal's printed form. */
export function textOf(v: BsonValue): string {
  if (typeof v === 'string') return v
  if (v instanceof SdbDecimal) return v.toString()
  const o = v as { value?: unknown; code?: unknown }
  if (typeof o.value === 'string') return o.value
  if (typeof o.code === 'string') return o.code
  return ''
}

/** UTF-8 byte length of a string. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** Formats a double as the server's `%.16g`-style text. */
export function formatDoubleText(x: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x)
  const p = x.toPrecision(16)
  if (p.includes('e')) {
    const [mant = '', exp = ''] = p.split('e')
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant
    const e = Number(exp)
    return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  }
  return p.includes('.') ? p.replace(/0+$/, '').replace(/\.$/, '') : p
}
