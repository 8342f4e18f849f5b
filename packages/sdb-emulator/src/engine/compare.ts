/**
 * SequoiaDB's value order (`bsonobj.cpp: compareElementValues`, `BSONElement::woCompare`):
 * canonical type first (all four numeric types are one type, compared by value), then value;
 * embedded documents and arrays compare element by element: type, field name, value.
 */
import type { Binary, BSONRegExp, ObjectId, Timestamp } from '@canopy/sdb-client/bson'
import { T, canonical, isNumberType, keysOf, numToDec, textOf, toNum, typeCode } from './values.js'
import type { BsonDocument, BsonValue, Num } from './values.js'

// The value of an int32 or a double without allocating; undefined for anything else.
function plainNumber(v: BsonValue): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v !== 'object' || v === null) return undefined
  const tag = (v as { _bsontype?: unknown })._bsontype
  return tag === 'Int32' || tag === 'Double' ? (v as { value: number }).value : undefined
}

function sign(x: number): -1 | 0 | 1 {
  return x < 0 ? -1 : x > 0 ? 1 : 0
}

function cmpBig(a: bigint, b: bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0
}

function cmpDoubleBig(d: number, b: bigint): -1 | 0 | 1 {
  if (Number.isNaN(d)) return -1
  if (!Number.isFinite(d)) return d > 0 ? 1 : -1
  const t = Math.trunc(d)
  const c = cmpBig(BigInt(t), b)
  if (c !== 0) return c
  return sign(d - t)
}

/** Compares two numbers of any numeric types by value (NaN below every number). */
export function compareNum(a: Num, b: Num): -1 | 0 | 1 {
  if ((a.k === 'int32' || a.k === 'double') && (b.k === 'int32' || b.k === 'double')) {
    const x = a.v
    const y = b.v
    if (x < y) return -1
    if (x > y) return 1
    if (x === y) return 0
    // NaN sorts below every number.
    return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1
  }
  if (a.k === 'decimal' || b.k === 'decimal') {
    const da = numToDec(a)
    const db = numToDec(b)
    if (da && db) return sign(da.cmp(db))
    const na = specialRank(a)
    const nb = specialRank(b)
    if (na !== nb) return na < nb ? -1 : 1
    if (na !== 0) return 0
    return 0
  }
  if (a.k === 'double' && b.k === 'double') {
    if (Number.isNaN(a.v)) return Number.isNaN(b.v) ? 0 : -1
    if (Number.isNaN(b.v)) return 1
    return a.v < b.v ? -1 : a.v > b.v ? 1 : 0
  }
  if (a.k === 'double' || b.k === 'double') {
    // Beyond 2^53 an integer and a double compare through their decimal forms (a double as
    // its shortest text), the same order index keys use.
    const big = a.k === 'int64' ? a.v : b.k === 'int64' ? b.v : 0n
    if (big > 2n ** 53n || big < -(2n ** 53n)) {
      const da = numToDec(a)
      const db = numToDec(b)
      if (da && db) return sign(da.cmp(db))
    }
    if (a.k === 'double') return cmpDoubleBig(a.v, b.k === 'int64' ? b.v : BigInt(b.v))
    return (-cmpDoubleBig((b as { v: number }).v, a.k === 'int64' ? a.v : BigInt(a.v)) || 0) as -1 | 0 | 1
  }
  const x = a.k === 'int64' ? a.v : BigInt(a.v)
  const y = b.k === 'int64' ? b.v : BigInt(b.v)
  return cmpBig(x, y)
}

// Ranks the values that have no exact decimal form: NaN lowest, then -inf, finite, +inf.
function specialRank(n: Num): number {
  if (n.k === 'double') {
    if (Number.isNaN(n.v)) return -2
    if (n.v === -Infinity) return -1
    if (n.v === Infinity) return 1
    return 0
  }
  if (n.k === 'decimal' && !n.v) {
    if (n.raw?.isMin()) return -1
    if (n.raw?.isMax()) return 1
    return -2
  }
  return 0
}

/** Byte order of the UTF-8 encodings (what `strcmp` sees), without encoding. */
export function compareStrings(a: string, b: string): -1 | 0 | 1 {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const xs = x >= 0xd800 && x <= 0xdfff
    const ys = y >= 0xd800 && y <= 0xdfff
    if (xs === ys) return x < y ? -1 : 1
    // A surrogate half encodes a code point above U+FFFF, which sorts after every BMP char.
    return xs ? 1 : -1
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0
}

function timeMs(v: BsonValue, t: number): number {
  if (t === T.Date) return (v as Date).getTime()
  const ts = v as Timestamp
  return ts.t * 1000 + Math.floor(ts.i / 1000)
}

function compareTime(a: BsonValue, ta: number, b: BsonValue, tb: number): -1 | 0 | 1 {
  if (ta === T.Timestamp && tb === T.Timestamp) {
    const x = a as Timestamp
    const y = b as Timestamp
    return x.t !== y.t ? (x.t < y.t ? -1 : 1) : sign(x.i - y.i)
  }
  const c = sign(timeMs(a, ta) - timeMs(b, tb))
  if (c !== 0) return c
  if (ta === T.Timestamp) return (a as Timestamp).i % 1000 > 0 ? 1 : 0
  if (tb === T.Timestamp) return (b as Timestamp).i % 1000 > 0 ? -1 : 0
  return 0
}

function compareBytes(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
  return sign(Buffer.compare(Buffer.from(a), Buffer.from(b)))
}

/**
 * Compares two values in SequoiaDB's order. `undefined` (missing) sorts first, like EOO.
 */
export function compareValues(a: BsonValue, b: BsonValue): -1 | 0 | 1 {
  // Fast paths for the common int32 / double / string comparisons.
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b)
  const x = plainNumber(a)
  if (x !== undefined) {
    const y = plainNumber(b)
    if (y !== undefined) {
      if (x < y) return -1
      if (x > y) return 1
      if (x === y) return 0
      return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1
    }
  }
  const ta = typeCode(a)
  const tb = typeCode(b)
  const ca = canonical(ta)
  const cb = canonical(tb)
  if (ca !== cb) return ca < cb ? -1 : 1
  return compareSameCanonical(a, ta, b, tb)
}

function compareSameCanonical(a: BsonValue, ta: number, b: BsonValue, tb: number): -1 | 0 | 1 {
  if (isNumberType(ta)) return compareNum(toNum(a)!, toNum(b)!)
  switch (ta) {
    case T.EOO:
    case T.Undefined:
    case T.Null:
    case T.MinKey:
    case T.MaxKey:
      return 0
    case T.Bool:
      return a === b ? 0 : a === false ? -1 : 1
    case T.Date:
    case T.Timestamp:
      return compareTime(a, ta, b, tb)
    case T.ObjectId:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id)
    case T.String:
    case T.Symbol:
    case T.Code:
      return compareStrings(textOf(a), textOf(b))
    case T.Object:
      return compareDocs(a as BsonDocument, b as BsonDocument)
    case T.Array:
      return compareArrays(a as BsonValue[], b as BsonValue[])
    case T.Binary: {
      const x = a as Binary
      const y = b as Binary
      const la = x.length()
      const lb = y.length()
      if (la !== lb) return la < lb ? -1 : 1
      if (x.sub_type !== y.sub_type) return x.sub_type < y.sub_type ? -1 : 1
      return compareBytes(x.value(), y.value())
    }
    case T.Regex: {
      const x = a as BSONRegExp
      const y = b as BSONRegExp
      return compareStrings(x.pattern, y.pattern) || compareStrings(x.options, y.options)
    }
    default:
      return 0
  }
}

function compareElement(ka: string, a: BsonValue, kb: string, b: BsonValue): -1 | 0 | 1 {
  const ta = typeCode(a)
  const tb = typeCode(b)
  const ca = canonical(ta)
  const cb = canonical(tb)
  if (ca !== cb) return ca < cb ? -1 : 1
  const n = compareStrings(ka, kb)
  if (n !== 0) return n
  return compareSameCanonical(a, ta, b, tb)
}

/** Compares embedded documents element by element (type, field name, value). */
export function compareDocs(a: BsonDocument, b: BsonDocument): -1 | 0 | 1 {
  const ka = keysOf(a)
  const kb = keysOf(b)
  const n = Math.min(ka.length, kb.length)
  for (let i = 0; i < n; i++) {
    const x = ka[i]!
    const y = kb[i]!
    const c = compareElement(x, a[x], y, b[y])
    if (c !== 0) return c
  }
  return ka.length < kb.length ? -1 : ka.length > kb.length ? 1 : 0
}

/** Compares arrays as documents whose field names are the positions. */
export function compareArrays(a: readonly BsonValue[], b: readonly BsonValue[]): -1 | 0 | 1 {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const c = compareElement('', a[i], '', b[i])
    if (c !== 0) return c
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0
}

/** Equality as the matcher sees it: same canonical type and equal value (1 == 1L == 1.0). */
export function valuesEqual(a: BsonValue, b: BsonValue): boolean {
  return compareValues(a, b) === 0
}

/**
 * Exact identity: same BSON types everywhere and equal values, field order included
 * (what "the document did not change" means).
 */
export function identical(a: BsonValue, b: BsonValue): boolean {
  const ta = typeCode(a)
  if (ta !== typeCode(b)) return false
  if (ta === T.Array) {
    const x = a as BsonValue[]
    const y = b as BsonValue[]
    return x.length === y.length && x.every((v, i) => identical(v, y[i]))
  }
  if (ta === T.Object) {
    const x = a as BsonDocument
    const y = b as BsonDocument
    const kx = keysOf(x)
    const ky = keysOf(y)
    return kx.length === ky.length && kx.every((k, i) => k === ky[i] && identical(x[k], y[k]))
  }
  if (ta === T.Decimal) return textOf(a) === textOf(b) && compareValues(a, b) === 0
  if (ta === T.Double) {
    const x = toNum(a)!
    const y = toNum(b)!
    return Object.is(x.v, y.v)
  }
  return compareValues(a, b) === 0
}
