/**
 * Index keys as byte strings whose `memcmp` order is the order of `compareValues`, field by
 * field, with descending fields inverted. Storage keeps its indexes ordered on these bytes and
 * scans the byte ranges the planner computes.
 *
 * Every value encoding is self-delimiting (no encoding is a prefix of another), so a compound
 * key is the plain concatenation of its fields and inverting one field keeps that property.
 */
import type { Binary, BSONRegExp, ObjectId, Timestamp } from '@canopy/sdb-client/bson'
import { SdbFault } from './fault.js'
import { splitPath } from './path.js'
import { keysForPath } from './sort.js'
import { T, canonical, entriesOf, isDoc, isNumberType, makeDoc, numToDec, numToNumber, textOf, toNum, typeCode } from './values.js'
import type { BsonDocument, BsonValue } from './values.js'

/** One field of an index key definition. */
export interface IndexKeyField {
  readonly path: string
  readonly parts: readonly string[]
  readonly dir: 1 | -1
}

/** Parses an index key definition such as `{a: 1, b: -1}` (-6 when it is not one). */
export function parseIndexKey(key: BsonDocument): IndexKeyField[] {
  if (!isDoc(key)) throw new SdbFault(-6, 'the index key must be an object')
  const fields = entriesOf(key).map(([path, v]): IndexKeyField => {
    const n = toNum(v)
    const d = n ? numToNumber(n) : NaN
    if ((d !== 1 && d !== -1) || path === '' || path.startsWith('$')) {
      throw new SdbFault(-6, `invalid index key field ${path}`)
    }
    return { path, parts: splitPath(path), dir: d }
  })
  if (fields.length === 0) throw new SdbFault(-6, 'the index key is empty')
  return fields
}

/** The first byte of every encoding of a canonical type class. */
export function typeByte(v: BsonValue): number {
  return canonical(typeCode(v)) + 2
}

class Bytes {
  private buf = new Uint8Array(64)
  length = 0

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n))
    next.set(this.buf.subarray(0, this.length))
    this.buf = next
  }

  push(...b: number[]): void {
    this.room(b.length)
    for (const x of b) this.buf[this.length++] = x
  }

  byte(x: number): void {
    this.room(1)
    this.buf[this.length++] = x
  }

  /** Escaped, terminated bytes: 00 -> 00 FF, end -> 00 00. */
  escaped(data: Uint8Array): void {
    this.room(data.length * 2 + 2)
    for (const b of data) {
      if (b === 0) {
        this.buf[this.length++] = 0
        this.buf[this.length++] = 0xff
      } else this.buf[this.length++] = b
    }
    this.buf[this.length++] = 0
    this.buf[this.length++] = 0
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length)
  }
}

// Digits and exponent of a finite non-zero JS number, from its shortest text.
function numberDigits(x: number): { digits: string; exp: number } | undefined {
  const t = String(Math.abs(x))
  if (t.includes('e')) return undefined
  const dot = t.indexOf('.')
  if (dot < 0) return { digits: t, exp: t.length }
  const int = t.slice(0, dot)
  const frac = t.slice(dot + 1)
  if (int !== '0') return { digits: int + frac, exp: int.length }
  const lead = /^0*/.exec(frac)![0].length
  return { digits: frac.slice(lead), exp: -lead }
}

function pushDigits(b: Bytes, digits: string, exp: number, negative: boolean): void {
  const stripped = digits.replace(/0+$/, '')
  const e = Math.max(-32768, Math.min(32767, exp)) + 32768
  const body = [(e >> 8) & 0xff, e & 0xff]
  for (let i = 0; i < stripped.length; i++) body.push(stripped.charCodeAt(i) - 47)
  body.push(0)
  b.byte(negative ? 0x02 : 0x04)
  for (const x of body) b.byte(negative ? 0xff - x : x)
}

function encodeNumber(b: Bytes, v: BsonValue): void {
  // Fast path: int32 and double values need no exact-decimal detour.
  const tag = typeof v === 'number' ? 'number' : (v as { _bsontype?: unknown })._bsontype
  if (tag === 'number' || tag === 'Int32' || tag === 'Double') {
    const x = typeof v === 'number' ? v : (v as { value: number }).value
    if (Number.isFinite(x) && x !== 0) {
      const d = numberDigits(x)
      if (d) {
        pushDigits(b, d.digits, d.exp, x < 0)
        return
      }
    }
  }
  const n = toNum(v)!
  const d = numToDec(n)
  if (!d) {
    const x = numToNumber(n)
    if (Number.isNaN(x)) b.push(0x00)
    else b.push(x < 0 ? 0x01 : 0x05)
    return
  }
  if (d.unscaled === 0n) {
    b.push(0x03)
    return
  }
  // unscaled * 10^-scale = 0.d1d2...dn * 10^(n - scale)
  const negative = d.unscaled < 0n
  const digits = (negative ? -d.unscaled : d.unscaled).toString()
  pushDigits(b, digits, digits.length - d.scale, negative)
}

const utf8 = new TextEncoder()

function encodeInto(b: Bytes, v: BsonValue): void {
  const t = typeCode(v)
  b.push(typeByte(v))
  if (isNumberType(t)) {
    encodeNumber(b, v)
    return
  }
  switch (t) {
    case T.String:
    case T.Symbol:
    case T.Code:
      b.escaped(utf8.encode(textOf(v)))
      return
    case T.Object: {
      for (const [k, x] of entriesOf(v as BsonDocument)) {
        b.push(typeByte(x))
        b.escaped(utf8.encode(k))
        const inner = new Bytes()
        encodeInto(inner, x)
        const raw = inner.bytes()
        for (let i = 1; i < raw.length; i++) b.byte(raw[i]!)
      }
      b.push(0)
      return
    }
    case T.Array: {
      for (const x of v as BsonValue[]) encodeInto(b, x)
      b.push(0)
      return
    }
    case T.Binary: {
      const bin = v as Binary
      const data = bin.value()
      const len = data.length
      b.push((len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff, bin.sub_type & 0xff)
      for (const x of data) b.byte(x)
      return
    }
    case T.ObjectId:
      for (const x of (v as ObjectId).id) b.byte(x)
      return
    case T.Bool:
      b.push(v ? 1 : 0)
      return
    case T.Date:
    case T.Timestamp: {
      let ms: bigint
      let rem = 0
      if (t === T.Date) ms = BigInt((v as Date).getTime())
      else {
        const ts = v as Timestamp
        ms = BigInt(ts.t) * 1000n + BigInt(Math.floor(ts.i / 1000))
        rem = ts.i % 1000
      }
      const u = BigInt.asUintN(64, ms + (1n << 63n))
      for (let s = 56n; s >= 0n; s -= 8n) b.push(Number((u >> s) & 0xffn))
      b.push((rem >> 8) & 0xff, rem & 0xff)
      return
    }
    case T.Regex: {
      const r = v as BSONRegExp
      b.escaped(utf8.encode(r.pattern))
      b.escaped(utf8.encode(r.options))
      return
    }
    default:
      return
  }
}

/** The sortable bytes of one value (ascending). */
export function encodeValue(v: BsonValue): Buffer {
  const b = new Bytes()
  encodeInto(b, v)
  return Buffer.from(b.bytes())
}

/** Inverts bytes, turning ascending order into descending. */
export function invert(bytes: Uint8Array): Buffer {
  const out = Buffer.alloc(bytes.length)
  for (let i = 0; i < bytes.length; i++) out[i] = 0xff - bytes[i]!
  return out
}

/** Encodes the values of a compound key with each field's direction. */
export function encodeKey(values: readonly BsonValue[], fields: readonly IndexKeyField[]): Buffer {
  return Buffer.concat(
    values.map((v, i) => {
      const e = encodeValue(v)
      return fields[i]?.dir === -1 ? invert(e) : e
    }),
  )
}

/** The value tuples a document contributes to an index (several when a field is an array). */
export function indexKeyValues(doc: BsonDocument, fields: readonly IndexKeyField[], max = 1000): BsonValue[][] {
  let tuples: BsonValue[][] = [[]]
  for (const f of fields) {
    const keys = dedupe(keysForPath(doc, f.parts))
    const next: BsonValue[][] = []
    for (const t of tuples) for (const k of keys) if (next.length < max) next.push([...t, k])
    tuples = next
  }
  return tuples
}

function dedupe(values: BsonValue[]): BsonValue[] {
  const seen = new Set<string>()
  const out: BsonValue[] = []
  for (const v of values) {
    const k = encodeValue(v).toString('hex')
    if (seen.has(k)) continue
    seen.add(k)
    out.push(v)
  }
  return out
}

/** The distinct encoded keys of a document for an index (what storage inserts). */
export function indexKeys(doc: BsonDocument, fields: readonly IndexKeyField[]): Buffer[] {
  const seen = new Set<string>()
  const out: Buffer[] = []
  for (const t of indexKeyValues(doc, fields)) {
    const k = encodeKey(t, fields)
    const h = k.toString('hex')
    if (seen.has(h)) continue
    seen.add(h)
    out.push(k)
  }
  return out
}

/** A half-open byte range `[start, end)` of encoded keys; `end` undefined means "to the end". */
export interface KeyRange {
  readonly start: Buffer
  readonly end: Buffer | undefined
}

/** The smallest byte string greater than every string starting with `prefix`. */
export function prefixEnd(prefix: Uint8Array): Buffer | undefined {
  const b = Buffer.from(prefix)
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      const out = b.subarray(0, i + 1)
      out[i]! += 1
      return Buffer.from(out)
    }
  }
  return undefined
}

/** True when an encoded key lies in a range. */
export function inRange(key: Uint8Array, r: KeyRange): boolean {
  return Buffer.compare(Buffer.from(key), r.start) >= 0 && (r.end === undefined || Buffer.compare(Buffer.from(key), r.end) < 0)
}

/**
 * The key field values of one index entry as a document (`{a: 1, b: "x"}`), as the server
 * reports them in the `IndexValue` of a duplicate-key error; a missing field is left out.
 */
export function indexValueDocument(values: readonly BsonValue[], fields: readonly IndexKeyField[]): BsonDocument {
  return makeDoc(fields.map((f, i): [string, BsonValue] => [f.path, values[i]]))
}
