/**
 * SequoiaDB's BSON dialect: standard BSON plus the decimal type (0x64), with a Timestamp whose
 * low half carries microseconds (`bson.h`, `bson.c` of the C driver).
 *
 * The `bson` package throws on type 0x64, so encoding and decoding are done here; its value
 * classes are reused (and re-exported) so a decoded document keeps every BSON type.
 */
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson'
import { SdbApiError, SdbProtocolError } from './errors.js'

export {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
}

/**
 * Any value a document field can hold. Decoding yields only the class-typed members; `number`
 * and `bigint` are accepted on encode (integer in int32 range -> int32, other numbers -> double,
 * bigint -> int64).
 */
export type BsonValue =
  | Double
  | Int32
  | Long
  | SdbDecimal
  | string
  | boolean
  | null
  | Date
  | ObjectId
  | Timestamp
  | Binary
  | BSONRegExp
  | MinKey
  | MaxKey
  | Code
  | BSONSymbol
  | Decimal128
  | BsonDocument
  | BsonValue[]
  | number
  | bigint
  | undefined

/** A BSON document: a plain object whose key order is the field order. */
export interface BsonDocument {
  [key: string]: BsonValue
}

/** BSON element type bytes (`bson.h: bson_type`). */
export const BsonType = {
  EOO: 0x00,
  DOUBLE: 0x01,
  STRING: 0x02,
  OBJECT: 0x03,
  ARRAY: 0x04,
  BINDATA: 0x05,
  UNDEFINED: 0x06,
  OID: 0x07,
  BOOL: 0x08,
  DATE: 0x09,
  NULL: 0x0a,
  REGEX: 0x0b,
  DBREF: 0x0c,
  CODE: 0x0d,
  SYMBOL: 0x0e,
  CODEWSCOPE: 0x0f,
  INT: 0x10,
  TIMESTAMP: 0x11,
  LONG: 0x12,
  DECIMAL128: 0x13,
  DECIMAL: 0x64,
  MAXKEY: 0x7f,
  MINKEY: 0xff,
} as const

/**
 * Integer-like keys ("0", "12") are always enumerated first by JavaScript objects, whatever
 * their insertion order. A decoded document that has such keys records its true field order
 * under this symbol (non-enumerable), and the encoder follows it, so decode/encode is
 * byte-exact even for `{b: 1, "0": 2}`.
 */
export const fieldOrder: unique symbol = Symbol('sdb.fieldOrder')

const MAX_DOCUMENT_SIZE = 512 * 1024 * 1024
const INT32_MIN = -2147483648
const INT32_MAX = 2147483647
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const utf8 = new TextDecoder('utf-8', { fatal: true })
const KEY_CACHE_MAX_LENGTH = 32
const KEY_CACHE_MASK = 1023
const keyCacheBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(KEY_CACHE_MASK + 1).fill(undefined)
const keyCacheText: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE_MASK + 1).fill(undefined)

/** Returns the keys of a document in field order (honouring {@link fieldOrder}). */
export function documentKeys(doc: object): string[] {
  const own = Object.keys(doc)
  const recorded = (doc as { [fieldOrder]?: unknown })[fieldOrder]
  if (!Array.isArray(recorded)) return own
  const order = recorded.filter((k): k is string => typeof k === 'string' && Object.hasOwn(doc, k))
  if (order.length === own.length) return order
  // The document was edited after decoding: keep the recorded order, append the new keys.
  const seen = new Set(order)
  return [...order, ...own.filter((k) => !seen.has(k))]
}

/**
 * Growable little-endian buffer that BSON documents are written into. The protocol layer
 * extends it, so a whole message (header, names, every document) is built in one buffer.
 * Every byte up to `pos` is written explicitly (the memory starts uninitialised).
 */
export class BsonWriter {
  /** Backing memory; valid up to `pos`. */
  buf: Buffer
  /** Write position. */
  pos = 0

  constructor(size = 256) {
    this.buf = Buffer.allocUnsafe(size)
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = Buffer.allocUnsafe(size)
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }

  /** Appends one byte. */
  putByte(v: number): void {
    this.ensure(1)
    this.buf[this.pos++] = v
  }

  /** Appends a little-endian int32 (callers pass a value already known to be an int32). */
  putI32(v: number): void {
    this.ensure(4)
    // Byte stores skip Buffer.writeInt32LE's argument checks, which cost more than the write.
    const buf = this.buf
    const at = this.pos
    buf[at] = v
    buf[at + 1] = v >>> 8
    buf[at + 2] = v >>> 16
    buf[at + 3] = v >>> 24
    this.pos = at + 4
  }

  /** Appends a little-endian uint32. */
  putU32(v: number): void {
    this.ensure(4)
    this.buf.writeUInt32LE(v, this.pos)
    this.pos += 4
  }

  /** Appends a little-endian int64. */
  putI64(v: bigint): void {
    this.ensure(8)
    this.buf.writeBigInt64LE(v, this.pos)
    this.pos += 8
  }

  /** Appends a little-endian double. */
  putF64(v: number): void {
    this.ensure(8)
    this.buf.writeDoubleLE(v, this.pos)
    this.pos += 8
  }

  /** Appends raw bytes. */
  putBytes(b: Uint8Array): void {
    this.ensure(b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
  }

  /** Writes UTF-8 without a terminator and returns the byte count. */
  putUtf8(s: string): number {
    const n = s.length
    this.ensure(n * 3)
    const buf = this.buf
    const start = this.pos
    // Short ASCII strings (most field names and values) are faster copied by hand than
    // through Buffer.write's native call.
    if (n < 32) {
      let i = 0
      for (; i < n; i++) {
        const c = s.charCodeAt(i)
        if (c >= 0x80) break
        buf[start + i] = c
      }
      if (i === n) {
        this.pos = start + n
        return n
      }
    }
    const written = buf.write(s, start, 'utf8')
    this.pos = start + written
    return written
  }

  /** A NUL-terminated string; refuses names that contain NUL. Returns the length without NUL. */
  putCString(s: string, what: string): number {
    const n = s.length
    // Field names are short ASCII: copy them by hand, checking for NUL on the way, so the
    // common case scans the name once and makes no native call.
    if (n < 32) {
      this.ensure(n + 1)
      const buf = this.buf
      const start = this.pos
      let i = 0
      for (; i < n; i++) {
        const c = s.charCodeAt(i)
        if (c === 0 || c >= 0x80) break
        buf[start + i] = c
      }
      if (i === n) {
        buf[start + n] = 0
        this.pos = start + n + 1
        return n
      }
    }
    if (s.includes('\0')) throw new SdbApiError(`${what} must not contain a NUL character: ${JSON.stringify(s)}`)
    const len = this.putUtf8(s)
    this.putByte(0)
    return len
  }

  /** A BSON string: int32 length (with NUL), UTF-8 bytes, NUL. */
  putString(s: string): void {
    // Room for the length, the worst-case UTF-8 and the NUL at once; the writes below need no
    // further checks.
    this.ensure(s.length * 3 + 5)
    const at = this.pos
    this.pos = at + 4
    const len = this.putUtf8(s)
    const buf = this.buf
    buf[this.pos++] = 0
    const size = len + 1
    buf[at] = size
    buf[at + 1] = size >>> 8
    buf[at + 2] = size >>> 16
    buf[at + 3] = size >>> 24
  }

  /** Overwrites one byte already written. */
  setByte(at: number, v: number): void {
    this.buf[at] = v
  }

  /** Overwrites an int32 already written (a length placeholder). */
  patchI32(at: number, v: number): void {
    this.buf.writeInt32LE(v, at)
  }

  /** Appends one BSON document and returns its size. */
  putDocument(doc: BsonDocument): number {
    const start = this.pos
    writeDocument(this, doc, 0)
    return this.pos - start
  }

  /** The bytes written so far, as a view of the backing memory (no copy). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos)
  }

  /** A copy of the bytes written so far. */
  result(): Buffer {
    const out = Buffer.allocUnsafe(this.pos)
    this.buf.copy(out, 0, 0, this.pos)
    return out
  }
}

function bsonTypeTag(value: object): string | undefined {
  const tag = (value as { _bsontype?: unknown })._bsontype
  return typeof tag === 'string' ? tag : undefined
}

function isPlainDocument(value: object): value is BsonDocument {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function writeElement(w: BsonWriter, key: string, value: BsonValue, depth: number): void {
  if (value === undefined) return
  // The type byte precedes the name: reserve it, and set it once the value's type is known.
  const typeAt = w.pos
  w.putByte(0)
  w.putCString(key, 'A field name')
  if (value === null) {
    w.setByte(typeAt, BsonType.NULL)
    return
  }
  switch (typeof value) {
    case 'string':
      w.setByte(typeAt, BsonType.STRING)
      w.putString(value)
      return
    case 'boolean':
      w.setByte(typeAt, BsonType.BOOL)
      w.putByte(value ? 1 : 0)
      return
    case 'number':
      // `(v | 0) === v` is true exactly for int32 values (and -0, which stays a double).
      if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
        w.setByte(typeAt, BsonType.INT)
        w.putI32(value)
      } else {
        w.setByte(typeAt, BsonType.DOUBLE)
        w.putF64(value)
      }
      return
    case 'bigint':
      if (value < INT64_MIN || value > INT64_MAX) {
        throw new SdbApiError(`Field ${key}: bigint ${value.toString()} is outside the int64 range`)
      }
      w.setByte(typeAt, BsonType.LONG)
      w.putI64(value)
      return
    case 'object':
      break
    default:
      throw new SdbApiError(`Field ${key}: a ${typeof value} cannot be stored in BSON`)
  }
  if (Array.isArray(value)) {
    w.setByte(typeAt, BsonType.ARRAY)
    writeArray(w, value, depth + 1)
    return
  }
  const tag = bsonTypeTag(value)
  if (tag === undefined) {
    if (value instanceof Date) {
      const ms = value.getTime()
      if (Number.isNaN(ms)) throw new SdbApiError(`Field ${key}: invalid Date`)
      w.setByte(typeAt, BsonType.DATE)
      w.putI64(BigInt(ms))
      return
    }
    if (value instanceof SdbDecimal) {
      w.setByte(typeAt, BsonType.DECIMAL)
      w.putBytes(value.toBytes())
      return
    }
    if (isPlainDocument(value)) {
      w.setByte(typeAt, BsonType.OBJECT)
      writeDocument(w, value, depth + 1)
      return
    }
    throw new SdbApiError(`Field ${key}: a ${value.constructor.name} cannot be stored in BSON`)
  }
  switch (tag) {
    case 'ObjectId':
      w.setByte(typeAt, BsonType.OID)
      w.putBytes((value as ObjectId).id)
      return
    case 'Double':
      w.setByte(typeAt, BsonType.DOUBLE)
      w.putF64((value as Double).value)
      return
    case 'Int32':
      w.setByte(typeAt, BsonType.INT)
      w.putI32((value as Int32).value)
      return
    case 'Long': {
      const long = value as Long
      w.setByte(typeAt, BsonType.LONG)
      w.putI32(long.low)
      w.putI32(long.high)
      return
    }
    case 'Timestamp': {
      const ts = value as Timestamp
      w.setByte(typeAt, BsonType.TIMESTAMP)
      w.putU32(ts.i)
      w.putU32(ts.t)
      return
    }
    case 'Binary': {
      const bin = value as Binary
      const data = bin.buffer.subarray(0, bin.position)
      w.setByte(typeAt, BsonType.BINDATA)
      if (bin.sub_type === 2) {
        // The old binary subtype nests a second length (as the bson package writes it).
        w.putI32(data.length + 4)
        w.putByte(2)
        w.putI32(data.length)
      } else {
        w.putI32(data.length)
        w.putByte(bin.sub_type)
      }
      w.putBytes(data)
      return
    }
    case 'BSONRegExp': {
      const re = value as BSONRegExp
      w.setByte(typeAt, BsonType.REGEX)
      w.putCString(re.pattern, 'A regex pattern')
      w.putCString(re.options, 'Regex options')
      return
    }
    case 'MinKey':
      w.setByte(typeAt, BsonType.MINKEY)
      return
    case 'MaxKey':
      w.setByte(typeAt, BsonType.MAXKEY)
      return
    case 'Code': {
      const code = value as Code
      if (code.scope !== null) throw new SdbApiError(`Field ${key}: code with scope is not supported`)
      w.setByte(typeAt, BsonType.CODE)
      w.putString(code.code)
      return
    }
    case 'BSONSymbol':
      w.setByte(typeAt, BsonType.SYMBOL)
      w.putString((value as BSONSymbol).value)
      return
    case 'Decimal128':
      w.setByte(typeAt, BsonType.DECIMAL128)
      w.putBytes((value as Decimal128).bytes)
      return
    default:
      throw new SdbApiError(`Field ${key}: a ${tag} cannot be stored in BSON`)
  }
}

function checkDepth(depth: number): void {
  // Deep nesting would exhaust the stack; the server refuses far less deep documents anyway.
  if (depth > 256) throw new SdbApiError('Document nesting is deeper than 256 levels')
}

function writeDocument(w: BsonWriter, doc: BsonDocument, depth: number): void {
  checkDepth(depth)
  const start = w.pos
  w.putI32(0)
  const keys = (doc as { [fieldOrder]?: unknown })[fieldOrder] === undefined ? Object.keys(doc) : documentKeys(doc)
  for (const key of keys) writeElement(w, key, doc[key], depth)
  w.putByte(0)
  w.patchI32(start, w.pos - start)
}

function writeArray(w: BsonWriter, arr: readonly BsonValue[], depth: number): void {
  checkDepth(depth)
  const start = w.pos
  w.putI32(0)
  for (let i = 0; i < arr.length; i++) {
    // A hole or undefined entry is stored as null so that indexes stay dense.
    writeElement(w, String(i), arr[i] ?? null, depth)
  }
  w.putByte(0)
  w.patchI32(start, w.pos - start)
}

// One scratch writer serves every encodeDocument call (they never nest), so a document costs
// one exact-size allocation.
const scratch = new BsonWriter(64 * 1024)

/**
 * Encodes a document into SequoiaDB BSON. Throws {@link SdbApiError} for values BSON cannot
 * hold (functions, symbols, invalid dates, NUL in names, bigint outside int64).
 */
export function encodeDocument(doc: BsonDocument): Buffer {
  if (typeof doc !== 'object' || Array.isArray(doc) || !isPlainDocument(doc)) {
    throw new SdbApiError('A BSON document must be a plain object')
  }
  scratch.pos = 0
  writeDocument(scratch, doc, 0)
  const out = scratch.result()
  if (scratch.buf.length > 16 * 1024 * 1024) scratch.buf = Buffer.allocUnsafe(64 * 1024)
  return out
}

class Reader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    public end: number,
  ) {}

  fail(message: string): never {
    throw new SdbProtocolError(`Malformed BSON at byte ${String(this.pos)}: ${message}`)
  }

  need(n: number): void {
    if (this.pos + n > this.end) this.fail(`needs ${String(n)} more bytes`)
  }

  byte(): number {
    if (this.pos >= this.end) this.fail('needs 1 more byte')
    return this.buf[this.pos++] ?? 0
  }

  i32(): number {
    this.need(4)
    const v = this.buf.readInt32LE(this.pos)
    this.pos += 4
    return v
  }

  u32(): number {
    this.need(4)
    const v = this.buf.readUInt32LE(this.pos)
    this.pos += 4
    return v
  }

  f64(): number {
    this.need(8)
    const v = this.buf.readDoubleLE(this.pos)
    this.pos += 8
    return v
  }

  take(n: number): Buffer {
    this.need(n)
    const b = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return b
  }

  cstring(): string {
    const buf = this.buf
    const start = this.pos
    const end = this.end
    let i = start
    let ascii = true
    while (i < end) {
      const c = buf[i] ?? 0
      if (c === 0) break
      if (c >= 0x80) ascii = false
      i++
    }
    if (i >= end) this.fail('unterminated name')
    this.pos = i + 1
    return this.text(start, i, ascii)
  }

  /**
   * An element name. Names repeat from one document to the next, so a small table keyed by a
   * hash of the bytes hands back the string built the first time: no new string to allocate
   * and intern per field. A hit is confirmed byte by byte, so the result is always exact.
   */
  key(): string {
    const buf = this.buf
    const start = this.pos
    const end = this.end
    let i = start
    let hash = 0
    let ascii = true
    while (i < end) {
      const c = buf[i] ?? 0
      if (c === 0) break
      if (c >= 0x80) ascii = false
      hash = (hash * 31 + c) | 0
      i++
    }
    if (i >= end) this.fail('unterminated name')
    this.pos = i + 1
    const len = i - start
    if (len > KEY_CACHE_MAX_LENGTH) return this.text(start, i, ascii)
    const slot = (hash ^ (hash >>> 11) ^ len) & KEY_CACHE_MASK
    const cached = keyCacheBytes[slot]
    if (cached?.length === len) {
      let same = true
      for (let k = 0; k < len; k++) {
        if (cached[k] !== buf[start + k]) {
          same = false
          break
        }
      }
      if (same) return keyCacheText[slot] ?? ''
    }
    const text = this.text(start, i, ascii)
    // A copy: a view would pin the caller's buffer and change with it if the buffer is reused.
    keyCacheBytes[slot] = new Uint8Array(buf.subarray(start, i))
    keyCacheText[slot] = text
    return text
  }

  string(): string {
    const len = this.i32()
    if (len < 1) this.fail(`string length ${String(len)}`)
    this.need(len)
    const start = this.pos
    const stop = start + len - 1
    if (this.buf[stop] !== 0) this.fail('string not NUL-terminated')
    this.pos = start + len
    let ascii = true
    for (let i = start; i < stop; i++) {
      if ((this.buf[i] ?? 0) >= 0x80) {
        ascii = false
        break
      }
    }
    return this.text(start, stop, ascii)
  }

  private text(start: number, stop: number, ascii: boolean): string {
    const buf = this.buf
    if (ascii) {
      if (stop - start < 24) {
        let s = ''
        for (let i = start; i < stop; i++) s += String.fromCharCode(buf[i] ?? 0)
        return s
      }
      return buf.toString('latin1', start, stop)
    }
    try {
      return utf8.decode(buf.subarray(start, stop))
    } catch {
      return this.fail('invalid UTF-8')
    }
  }
}

function setField(doc: BsonDocument, key: string, value: BsonValue): void {
  if (key === '__proto__') {
    // Plain assignment would replace the prototype instead of adding a field.
    Object.defineProperty(doc, key, { value, enumerable: true, writable: true, configurable: true })
  } else {
    doc[key] = value
  }
}

function readValue(r: Reader, type: number, depth: number): BsonValue {
  switch (type) {
    case BsonType.DOUBLE:
      return new Double(r.f64())
    case BsonType.STRING:
      return r.string()
    case BsonType.OBJECT:
      return readDocument(r, depth + 1)
    case BsonType.ARRAY:
      return readArray(r, depth + 1)
    case BsonType.BINDATA: {
      const len = r.i32()
      if (len < 0) r.fail(`binary length ${String(len)}`)
      const sub = r.byte()
      if (sub === 2) {
        const inner = r.i32()
        if (inner !== len - 4) r.fail('old binary subtype with inconsistent lengths')
        return new Binary(Buffer.from(r.take(inner)), 2)
      }
      return new Binary(Buffer.from(r.take(len)), sub)
    }
    case BsonType.OID:
      r.need(12)
      r.pos += 12
      return new ObjectId(new Uint8Array(r.buf.buffer, r.buf.byteOffset + r.pos - 12, 12))
    case BsonType.BOOL: {
      const b = r.byte()
      if (b > 1) r.fail(`boolean byte ${String(b)}`)
      return b === 1
    }
    case BsonType.DATE: {
      const lo = r.u32()
      const hi = r.i32()
      return new Date(hi * 4294967296 + lo)
    }
    case BsonType.NULL:
      return null
    case BsonType.REGEX: {
      const pattern = r.cstring()
      const options = r.cstring()
      const re = new BSONRegExp(pattern)
      // The constructor sorts options; keep the stored order so re-encoding is byte-exact.
      re.options = options
      return re
    }
    case BsonType.CODE:
      return new Code(r.string())
    case BsonType.SYMBOL:
      return new BSONSymbol(r.string())
    case BsonType.INT:
      return new Int32(r.i32())
    case BsonType.TIMESTAMP: {
      const i = r.u32()
      const t = r.u32()
      return new Timestamp({ t, i })
    }
    case BsonType.LONG: {
      const lo = r.i32()
      const hi = r.i32()
      return Long.fromBits(lo, hi)
    }
    case BsonType.DECIMAL128:
      return new Decimal128(Buffer.from(r.take(16)))
    case BsonType.DECIMAL: {
      r.need(4)
      const size = r.buf.readInt32LE(r.pos)
      if (size < 12 || size % 2 !== 0) r.fail(`decimal size ${String(size)}`)
      return SdbDecimal.fromBytes(r.take(size))
    }
    case BsonType.MINKEY:
      return new MinKey()
    case BsonType.MAXKEY:
      return new MaxKey()
    default:
      return r.fail(`unsupported element type 0x${type.toString(16)}`)
  }
}

/** Reads the size of the document at `r.pos`, checks it, narrows `r.end` to its last byte. */
function enterDocument(r: Reader, depth: number): number {
  if (depth > 256) r.fail('nesting deeper than 256 levels')
  const start = r.pos
  const size = r.i32()
  if (size < 5 || start + size > r.end) r.fail(`document size ${String(size)}`)
  const last = start + size - 1
  if (r.buf[last] !== 0) r.fail('document does not end with a NUL byte')
  const outerEnd = r.end
  r.end = last
  return outerEnd
}

function leaveDocument(r: Reader, outerEnd: number): void {
  // r.end is the document's NUL byte, which ends it.
  r.pos = r.end + 1
  r.end = outerEnd
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function readDocument(r: Reader, depth: number): BsonDocument {
  const outerEnd = enterDocument(r, depth)
  const doc: BsonDocument = {}
  let keys: string[] | undefined
  while (r.pos < r.end) {
    const type = r.byte()
    const key = r.key()
    // The common scalar types are read inline: one call less per field on the hot path.
    let value: BsonValue
    if (type === BsonType.STRING) value = r.string()
    else if (type === BsonType.INT) value = new Int32(r.i32())
    else if (type === BsonType.DOUBLE) value = new Double(r.f64())
    else if (type === BsonType.OID) {
      r.need(12)
      // ObjectId keeps four integers read from the view; nothing of the frame is retained.
      value = new ObjectId(new Uint8Array(r.buf.buffer, r.buf.byteOffset + r.pos, 12))
      r.pos += 12
    } else value = readValue(r, type, depth)
    // Duplicate names cannot live in a plain object: keep the first (a prototype name such as
    // "toString" is not own, so the own-check decides).
    if (doc[key] !== undefined && Object.hasOwn(doc, key)) continue
    // Before the first integer-like key, Object.keys is still the field order.
    if (keys === undefined && isDigit(key.charCodeAt(0)) && isIntegerKey(key)) keys = Object.keys(doc)
    keys?.push(key)
    if (key === '__proto__') setField(doc, key, value)
    else doc[key] = value
  }
  leaveDocument(r, outerEnd)
  if (keys !== undefined) Object.defineProperty(doc, fieldOrder, { value: keys, enumerable: false })
  return doc
}

function readArray(r: Reader, depth: number): BsonValue[] {
  const outerEnd = enterDocument(r, depth)
  const arr: BsonValue[] = []
  while (r.pos < r.end) {
    const type = r.byte()
    // Array keys are "0", "1", ...; their text carries nothing the order does not.
    while (r.pos < r.end && r.buf[r.pos] !== 0) r.pos++
    if (r.pos >= r.end) r.fail('unterminated name')
    r.pos++
    arr.push(readValue(r, type, depth))
  }
  leaveDocument(r, outerEnd)
  return arr
}

/**
 * Decodes one document starting at `offset` (default 0). Every type is kept: numbers come back
 * as `Int32`/`Long`/`Double`/`SdbDecimal`. Throws {@link SdbProtocolError} on malformed bytes.
 */
export function decodeDocument(bytes: Uint8Array, offset = 0): BsonDocument {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (offset < 0 || offset + 5 > buf.length) {
    throw new SdbProtocolError(`Malformed BSON at byte ${String(offset)}: no room for a document`)
  }
  const size = buf.readInt32LE(offset)
  if (size < 5 || size > MAX_DOCUMENT_SIZE || offset + size > buf.length) {
    throw new SdbProtocolError(`Malformed BSON at byte ${String(offset)}: document size ${String(size)}`)
  }
  return readDocument(new Reader(buf, offset, offset + size), 0)
}

/** Size in bytes of the document starting at `offset` (its leading int32), validated. */
export function documentSize(bytes: Uint8Array, offset = 0): number {
  if (offset < 0 || offset + 4 > bytes.length) {
    throw new SdbProtocolError(`Malformed BSON at byte ${String(offset)}: no room for a length`)
  }
  const size = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readInt32LE(offset)
  if (size < 5 || offset + size > bytes.length) {
    throw new SdbProtocolError(`Malformed BSON at byte ${String(offset)}: document size ${String(size)}`)
  }
  return size
}

// ---------------------------------------------------------------------------------------------
// SdbDecimal: SequoiaDB's arbitrary-precision decimal (BSON type 0x64).
// Layout (`common_decimal_type.h: __sdb_decimal`, written by `bson.c: bson_append_decimal`):
//   i32 size (12 + 2 * ndigits), i32 typemod (-1, or precision << 16 | scale),
//   i16 sign | dscale (sign 0x0000 positive, 0x4000 negative, 0xC000 special),
//   i16 weight (of the first digit, base 10000), then ndigits i16 digits in base 10000.
// Special values carry sign 0xC000 and dscale 0 (NaN), 1 (MIN) or 2 (MAX).
// ---------------------------------------------------------------------------------------------

const DEC_POS = 0x0000
const DEC_NEG = 0x4000
const DEC_SPECIAL = 0xc000
const DEC_SPECIAL_NAN = 0
const DEC_SPECIAL_MIN = 1
const DEC_SPECIAL_MAX = 2
const DEC_DSCALE_MASK = 0x3fff
const DEC_HEADER_SIZE = 12
const DEC_NBASE = 10000
const DEC_DIGITS = 4
const DEC_MAX_PRECISION = 1000
const DEC_MAX_DWEIGHT = 131072
const DEC_MAX_DSCALE = 16383
const DEC_MAX_WEIGHT = 32768
const ROUND_POWERS = [0, 1000, 100, 10] as const

interface DecimalParts {
  typemod: number
  sign: number
  dscale: number
  weight: number
  digits: number[]
}

function decimalError(message: string): SdbApiError {
  return new SdbApiError(`Invalid decimal: ${message}`)
}

/** `common_decimal.c: _decimal_strip`. */
function stripDecimal(d: DecimalParts): void {
  let start = 0
  let end = d.digits.length
  while (start < end && d.digits[start] === 0) {
    start++
    d.weight--
  }
  while (end > start && d.digits[end - 1] === 0) end--
  d.digits = d.digits.slice(start, end)
  if (d.digits.length === 0) {
    d.sign = DEC_POS
    d.weight = 0
  }
}

/** `common_decimal.c: sdb_decimal_round` (round half up on the absolute value). */
function roundDecimal(d: DecimalParts, rscale: number): void {
  d.dscale = rscale
  let di = (d.weight + 1) * DEC_DIGITS + rscale
  if (di < 0) {
    d.digits = []
    d.weight = 0
    d.sign = DEC_POS
    return
  }
  let nd = Math.floor((di + DEC_DIGITS - 1) / DEC_DIGITS)
  di %= DEC_DIGITS
  if (!(nd < d.digits.length || (nd === d.digits.length && di > 0))) return
  // buf[0] is the spare digit the C code keeps in front of the digits for a final carry.
  const buf = [0, ...d.digits]
  const at = (k: number): number => buf[k + 1] ?? 0
  const put = (k: number, v: number): void => {
    buf[k + 1] = v
  }
  let count = nd
  let carry: number
  if (di === 0) {
    carry = at(nd) >= DEC_NBASE / 2 ? 1 : 0
  } else {
    let pow10: number = ROUND_POWERS[di] ?? 1
    nd--
    const extra = at(nd) % pow10
    put(nd, at(nd) - extra)
    carry = 0
    if (extra >= pow10 / 2) {
      pow10 += at(nd)
      if (pow10 >= DEC_NBASE) {
        pow10 -= DEC_NBASE
        carry = 1
      }
      put(nd, pow10)
    }
  }
  while (carry !== 0) {
    nd--
    carry += at(nd)
    if (carry >= DEC_NBASE) {
      put(nd, carry - DEC_NBASE)
      carry = 1
    } else {
      put(nd, carry)
      carry = 0
    }
  }
  let first = 1
  if (nd < 0) {
    first = 0
    count++
    d.weight++
  }
  d.digits = buf.slice(first, first + count)
}

/** `common_decimal.c: _decimal_apply_typmod`. */
function applyTypmod(d: DecimalParts): void {
  if (d.typemod === -1) return
  const precision = (d.typemod >> 16) & 0xffff
  const scale = d.typemod & 0xffff
  const maxdigits = precision - scale
  roundDecimal(d, scale)
  let ddigits = (d.weight + 1) * DEC_DIGITS
  if (ddigits <= maxdigits) return
  for (const dig of d.digits) {
    if (dig !== 0) {
      if (dig < 10) ddigits -= 3
      else if (dig < 100) ddigits -= 2
      else if (dig < 1000) ddigits -= 1
      if (ddigits > maxdigits) {
        throw decimalError(`the value does not fit precision ${String(precision)}, scale ${String(scale)}`)
      }
      return
    }
    ddigits -= DEC_DIGITS
  }
}

function isAsciiDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9'
}

/** `common_decimal.c: sdb_decimal_from_str`, including the typemod rounding. */
function parseDecimal(text: string, typemod: number): DecimalParts {
  const special = (code: number): DecimalParts => ({ typemod, sign: DEC_SPECIAL, dscale: code, weight: 0, digits: [] })
  const lower = text.toLowerCase()
  if (lower === 'nan') return special(DEC_SPECIAL_NAN)
  if (lower === 'min' || lower === '-inf') return special(DEC_SPECIAL_MIN)
  if (lower === 'max' || lower === 'inf') return special(DEC_SPECIAL_MAX)

  let i = 0
  let sign = DEC_POS
  if (text[i] === '+') i++
  else if (text[i] === '-') {
    sign = DEC_NEG
    i++
  }
  let haveDp = false
  if (text[i] === '.') {
    haveDp = true
    i++
  }
  if (!isAsciiDigit(text[i])) throw decimalError(JSON.stringify(text))
  const dec: number[] = [0, 0, 0, 0]
  let dweight = -1
  let dscale = 0
  for (; i < text.length; i++) {
    const c = text[i]
    if (isAsciiDigit(c)) {
      dec.push(text.charCodeAt(i) - 48)
      if (!haveDp) {
        if (++dweight > DEC_MAX_DWEIGHT + DEC_MAX_PRECISION) throw decimalError('too many digits')
      } else if (++dscale > DEC_MAX_DSCALE + DEC_MAX_PRECISION) {
        throw decimalError('too many digits')
      }
    } else if (c === '.') {
      if (haveDp) throw decimalError(JSON.stringify(text))
      haveDp = true
    } else {
      break
    }
  }
  const ddigits = dec.length - DEC_DIGITS
  dec.push(0, 0, 0)
  if (text[i] === 'e' || text[i] === 'E') {
    const m = /^[+-]?\d+/.exec(text.slice(i + 1))
    if (m === null) throw decimalError(JSON.stringify(text))
    const exponent = Number(m[0])
    if (exponent > DEC_MAX_PRECISION || exponent < -DEC_MAX_PRECISION) throw decimalError('exponent out of range')
    i += 1 + m[0].length
    dweight += exponent
    dscale = Math.max(0, dscale - exponent)
  }
  if (dweight >= DEC_MAX_DWEIGHT || dscale > DEC_MAX_DSCALE) throw decimalError('value out of range')
  if (i !== text.length) throw decimalError(JSON.stringify(text))

  const weight =
    dweight >= 0
      ? Math.floor((dweight + 1 + DEC_DIGITS - 1) / DEC_DIGITS) - 1
      : -(Math.floor((-dweight - 1) / DEC_DIGITS) + 1)
  const offset = (weight + 1) * DEC_DIGITS - (dweight + 1)
  const ndigits = Math.floor((ddigits + offset + DEC_DIGITS - 1) / DEC_DIGITS)
  const digits: number[] = []
  for (let k = 0, j = DEC_DIGITS - offset; k < ndigits; k++, j += DEC_DIGITS) {
    digits.push(((((dec[j] ?? 0) * 10 + (dec[j + 1] ?? 0)) * 10 + (dec[j + 2] ?? 0)) * 10) + (dec[j + 3] ?? 0))
  }
  const d: DecimalParts = { typemod, sign, dscale, weight, digits }
  stripDecimal(d)
  applyTypmod(d)
  if (d.weight >= DEC_MAX_WEIGHT || d.dscale > DEC_MAX_DSCALE) throw decimalError('value out of range')
  return d
}

/**
 * SequoiaDB's decimal (BSON type 0x64): base-10000 digits with a display scale and an optional
 * declared precision/scale, plus the special values NaN, MIN and MAX. Instances are immutable
 * and re-encode to exactly the bytes they were decoded from.
 */
export class SdbDecimal {
  /** Declared `precision << 16 | scale`, or -1 when the value has none. */
  readonly typemod: number
  /** 0x0000 positive, 0x4000 negative, 0xC000 special (NaN/MIN/MAX). */
  readonly signBits: number
  /** Number of digits shown after the decimal point (for special values: which special). */
  readonly dscale: number
  /** Weight of the first base-10000 digit. */
  readonly weight: number
  /** Base-10000 digits, most significant first. */
  readonly digits: readonly number[]

  private constructor(parts: DecimalParts) {
    this.typemod = parts.typemod
    this.signBits = parts.sign
    this.dscale = parts.dscale
    this.weight = parts.weight
    this.digits = Object.freeze([...parts.digits])
    Object.freeze(this)
  }

  /**
   * Parses a decimal as the C driver does (`"1.50"`, `"-1e3"`, `".5"`, `"NaN"`, `"MIN"`,
   * `"MAX"`, `"inf"`, `"-inf"`). With `precision` (1..1000) and `scale` (0..precision) the
   * value is rounded half-up to `scale` digits and must fit, as `{$decimal:.., $precision:[p,s]}`.
   * Throws {@link SdbApiError} on bad input.
   */
  static fromString(text: string, precision?: number, scale?: number): SdbDecimal {
    let typemod = -1
    if (precision !== undefined || scale !== undefined) {
      const p = precision ?? -1
      const s = scale ?? 0
      if (!Number.isInteger(p) || p < 1 || p > DEC_MAX_PRECISION) throw decimalError(`precision ${String(p)}`)
      if (!Number.isInteger(s) || s < 0 || s > p) throw decimalError(`scale ${String(s)}`)
      typemod = (p << 16) | s
    }
    return new SdbDecimal(parseDecimal(text, typemod))
  }

  /** Converts an integer (`number` or `bigint`) or a finite double (shortest round-trip form). */
  static fromNumber(value: number | bigint): SdbDecimal {
    if (typeof value === 'bigint') return SdbDecimal.fromString(value.toString())
    if (Number.isNaN(value)) return SdbDecimal.fromString('NaN')
    if (value === Infinity) return SdbDecimal.fromString('MAX')
    if (value === -Infinity) return SdbDecimal.fromString('MIN')
    return SdbDecimal.fromString(String(value))
  }

  /** Decodes the value bytes (starting with their int32 size). */
  static fromBytes(bytes: Uint8Array): SdbDecimal {
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    if (b.length < DEC_HEADER_SIZE) throw new SdbProtocolError('Malformed decimal: shorter than its header')
    const size = b.readInt32LE(0)
    if (size < DEC_HEADER_SIZE || size % 2 !== 0 || size > b.length) {
      throw new SdbProtocolError(`Malformed decimal: size ${String(size)}`)
    }
    const signScale = b.readUInt16LE(8)
    const digits: number[] = []
    for (let off = DEC_HEADER_SIZE; off < size; off += 2) digits.push(b.readInt16LE(off))
    return new SdbDecimal({
      typemod: b.readInt32LE(4),
      sign: signScale & ~DEC_DSCALE_MASK & 0xffff,
      dscale: signScale & DEC_DSCALE_MASK,
      weight: b.readInt16LE(10),
      digits,
    })
  }

  /** The value bytes as stored in BSON (`bson.c: bson_append_decimal`). */
  toBytes(): Buffer {
    const size = DEC_HEADER_SIZE + 2 * this.digits.length
    const b = Buffer.alloc(size)
    b.writeInt32LE(size, 0)
    b.writeInt32LE(this.typemod, 4)
    b.writeUInt16LE(((this.dscale & DEC_DSCALE_MASK) | this.signBits) & 0xffff, 8)
    b.writeInt16LE(this.weight, 10)
    this.digits.forEach((d, k) => b.writeInt16LE(d, DEC_HEADER_SIZE + 2 * k))
    return b
  }

  /** Declared precision, or `undefined` when the value was stored without one. */
  get precision(): number | undefined {
    return this.typemod === -1 ? undefined : (this.typemod >> 16) & 0xffff
  }

  /** Declared scale, or `undefined` when the value was stored without one. */
  get scale(): number | undefined {
    return this.typemod === -1 ? undefined : this.typemod & 0xffff
  }

  /** True for the special value NaN. */
  isNaN(): boolean {
    return this.signBits === DEC_SPECIAL && this.dscale === DEC_SPECIAL_NAN
  }

  /** True for the special value MIN (below every number; `-inf` parses to it). */
  isMin(): boolean {
    return this.signBits === DEC_SPECIAL && this.dscale === DEC_SPECIAL_MIN
  }

  /** True for the special value MAX (above every number; `inf` parses to it). */
  isMax(): boolean {
    return this.signBits === DEC_SPECIAL && this.dscale === DEC_SPECIAL_MAX
  }

  /** True when the value is negative (not zero, not special). */
  isNegative(): boolean {
    return this.signBits === DEC_NEG && this.digits.some((d) => d !== 0)
  }

  /** The text the server and the C driver print (`sdb_decimal_to_str`): `"2.50"`, `"NaN"`, `"MAX"`. */
  toString(): string {
    if (this.signBits === DEC_SPECIAL) {
      if (this.dscale === DEC_SPECIAL_MIN) return 'MIN'
      if (this.dscale === DEC_SPECIAL_MAX) return 'MAX'
      return 'NaN'
    }
    const n = this.digits.length
    const digit = (k: number): number => (k >= 0 && k < n ? (this.digits[k] ?? 0) : 0)
    let out = this.signBits === DEC_NEG ? '-' : ''
    let d: number
    if (this.weight < 0) {
      d = this.weight + 1
      out += '0'
    } else {
      for (d = 0; d <= this.weight; d++) {
        const s = String(digit(d))
        out += d > 0 ? s.padStart(DEC_DIGITS, '0') : s
      }
    }
    if (this.dscale > 0) {
      let frac = ''
      for (let i = 0; i < this.dscale; d++, i += DEC_DIGITS) frac += String(digit(d)).padStart(DEC_DIGITS, '0')
      out += `.${frac.slice(0, this.dscale)}`
    }
    return out
  }

  /** The value as a JavaScript number (nearest double; NaN, -Infinity, Infinity for specials). */
  toNumber(): number {
    if (this.isNaN()) return NaN
    if (this.isMin()) return -Infinity
    if (this.isMax()) return Infinity
    return Number(this.toString())
  }

  /** Same as {@link SdbDecimal.toString}, so JSON.stringify keeps every digit. */
  toJSON(): string {
    return this.toString()
  }

  /** Exact equality of value and declared precision (not of display scale). */
  equals(other: SdbDecimal): boolean {
    return compareNumbers(this, other) === 0 && this.typemod === other.typemod
  }
}

/** Any numeric BSON value {@link compareNumbers} accepts. */
export type NumericValue = number | bigint | Int32 | Long | Double | SdbDecimal

/** Returns true when `value` is a numeric BSON value (int32, int64, double or decimal). */
export function isNumericValue(value: unknown): value is NumericValue {
  if (typeof value === 'number' || typeof value === 'bigint') return true
  if (value instanceof SdbDecimal) return true
  if (typeof value !== 'object' || value === null) return false
  const tag = bsonTypeTag(value)
  return tag === 'Int32' || tag === 'Long' || tag === 'Double'
}

// Exact value n / 10^s, or a rank for values that are not finite numbers.
interface Scaled {
  rank: 0 | 1 | 2 | 3 // 0 NaN, 1 MIN/-Infinity, 2 finite, 3 MAX/+Infinity
  n: bigint
  s: number
}

const f64 = new DataView(new ArrayBuffer(8))

function scaledFromDouble(x: number): Scaled {
  if (Number.isNaN(x)) return { rank: 0, n: 0n, s: 0 }
  if (x === -Infinity) return { rank: 1, n: 0n, s: 0 }
  if (x === Infinity) return { rank: 3, n: 0n, s: 0 }
  if (Number.isInteger(x)) return { rank: 2, n: BigInt(x), s: 0 }
  f64.setFloat64(0, x)
  const bits = f64.getBigUint64(0)
  const negative = bits >> 63n === 1n
  const exp = Number((bits >> 52n) & 0x7ffn)
  const frac = bits & ((1n << 52n) - 1n)
  const m = exp === 0 ? frac : frac | (1n << 52n)
  const e = (exp === 0 ? 1 : exp) - 1075
  // A non-integer has e < 0: m * 2^e = m * 5^-e / 10^-e exactly.
  const n = m * 5n ** BigInt(-e)
  return { rank: 2, n: negative ? -n : n, s: -e }
}

function scaledOf(v: NumericValue): Scaled {
  if (typeof v === 'number') return scaledFromDouble(v)
  if (typeof v === 'bigint') return { rank: 2, n: v, s: 0 }
  if (v instanceof SdbDecimal) {
    if (v.isNaN()) return { rank: 0, n: 0n, s: 0 }
    if (v.isMin()) return { rank: 1, n: 0n, s: 0 }
    if (v.isMax()) return { rank: 3, n: 0n, s: 0 }
    let n = 0n
    for (const d of v.digits) n = n * 10000n + BigInt(d)
    let s = DEC_DIGITS * (v.digits.length - 1 - v.weight)
    if (s < 0) {
      n *= 10n ** BigInt(-s)
      s = 0
    }
    return { rank: 2, n: v.signBits === DEC_NEG ? -n : n, s }
  }
  if (v instanceof Long || bsonTypeTag(v) === 'Long') return { rank: 2, n: (v as Long).toBigInt(), s: 0 }
  return scaledFromDouble(v.value)
}

function plainNumber(v: NumericValue): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint' || v instanceof SdbDecimal) return undefined
  const tag = bsonTypeTag(v)
  if (tag === 'Int32' || tag === 'Double') return (v as Int32 | Double).value
  return undefined
}

/**
 * Compares two numbers of any numeric BSON type by exact value, as the server does: int32 1,
 * int64 1, double 1.0 and decimal 1 are equal. Ordering: NaN (equal to itself) < MIN and
 * -Infinity < finite values < MAX and +Infinity. Returns -1, 0 or 1.
 */
export function compareNumbers(a: NumericValue, b: NumericValue): -1 | 0 | 1 {
  const pa = plainNumber(a)
  const pb = plainNumber(b)
  if (pa !== undefined && pb !== undefined) {
    if (Number.isNaN(pa)) return Number.isNaN(pb) ? 0 : -1
    if (Number.isNaN(pb)) return 1
    return pa < pb ? -1 : pa > pb ? 1 : 0
  }
  const x = scaledOf(a)
  const y = scaledOf(b)
  if (x.rank !== y.rank || x.rank !== 2) return x.rank < y.rank ? -1 : x.rank > y.rank ? 1 : 0
  let xn = x.n
  let yn = y.n
  if (x.s < y.s) xn *= 10n ** BigInt(y.s - x.s)
  else if (y.s < x.s) yn *= 10n ** BigInt(x.s - y.s)
  return xn < yn ? -1 : xn > yn ? 1 : 0
}

// ---------------------------------------------------------------------------------------------
// Typed extended JSON (the semantics corpus and REST API encoding), plus the sdb shell forms.
// ---------------------------------------------------------------------------------------------

/** A JSON value as produced by {@link toTypedJson} and accepted by {@link fromTypedJson}. */
export type TypedJson = string | number | boolean | null | TypedJson[] | { [key: string]: TypedJson }

/** Formats a double the way Python's `repr` does (`1.0`, `1e+20`, `1e-05`, `NaN`, `Infinity`). */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (x === Infinity) return 'Infinity'
  if (x === -Infinity) return '-Infinity'
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0'
  const [mant = '', expText = '0'] = x.toExponential().split('e')
  const exp = Number(expText)
  const negative = mant.startsWith('-')
  const digits = mant.replace('-', '').replace('.', '')
  const sign = negative ? '-' : ''
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0')
    const fracPart = digits.slice(exp + 1)
    return `${sign}${intPart}.${fracPart === '' ? '0' : fracPart}`
  }
  const m = digits.length > 1 ? `${digits[0] ?? ''}.${digits.slice(1)}` : digits
  const e = Math.abs(exp).toString().padStart(2, '0')
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`
}

/** True for a JS number the encoder stores as int32 (an integer in range, not -0). */
function isInt32Number(n: number): boolean {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX && !Object.is(n, -0)
}

/**
 * Converts a BSON value to typed extended JSON: every number is tagged (`$numberInt`,
 * `$numberLong`, `$numberDouble`, `$decimal` with `$precision` when declared), plus `$date`
 * (ms), `$oid`, `$timestamp` `{t, i}`, `$binary` `{base64, subType}`, `$regularExpression`,
 * `$minKey`, `$maxKey`. Plain `number`s are tagged as the encoder would store them.
 */
export function toTypedJson(value: BsonValue): TypedJson {
  if (value === null || value === undefined) return null
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      return isInt32Number(value)
        ? { $numberInt: String(value) }
        : { $numberDouble: formatDouble(value) }
    case 'bigint':
      return { $numberLong: value.toString() }
    default:
      break
  }
  if (Array.isArray(value)) return value.map((v) => toTypedJson(v))
  if (value instanceof Date) return { $date: value.getTime() }
  if (value instanceof SdbDecimal) {
    const p = value.precision
    const s = value.scale
    return p === undefined || s === undefined
      ? { $decimal: value.toString() }
      : { $decimal: value.toString(), $precision: [p, s] }
  }
  switch (bsonTypeTag(value)) {
    case 'Int32':
      return { $numberInt: String((value as Int32).value) }
    case 'Long':
      return { $numberLong: (value as Long).toString() }
    case 'Double':
      return { $numberDouble: formatDouble((value as Double).value) }
    case 'ObjectId':
      return { $oid: (value as ObjectId).toHexString() }
    case 'Timestamp':
      return { $timestamp: { t: (value as Timestamp).t, i: (value as Timestamp).i } }
    case 'Binary': {
      const bin = value as Binary
      return {
        $binary: {
          base64: Buffer.from(bin.buffer.subarray(0, bin.position)).toString('base64'),
          subType: bin.sub_type.toString(16).padStart(2, '0'),
        },
      }
    }
    case 'BSONRegExp':
      return { $regularExpression: { pattern: (value as BSONRegExp).pattern, options: (value as BSONRegExp).options } }
    case 'MinKey':
      return { $minKey: 1 }
    case 'MaxKey':
      return { $maxKey: 1 }
    case 'Code':
      return { $code: (value as Code).code }
    case 'BSONSymbol':
      return { $symbol: (value as BSONSymbol).value }
    case 'Decimal128':
      return { $numberDecimal: (value as Decimal128).toString() }
    default:
      break
  }
  const doc = value as BsonDocument
  const out: { [key: string]: TypedJson } = {}
  const keys = documentKeys(doc)
  keepFieldOrder(out, keys)
  for (const key of keys) {
    const v = doc[key]
    if (v === undefined) continue
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: toTypedJson(v), enumerable: true, writable: true, configurable: true })
    } else {
      out[key] = toTypedJson(v)
    }
  }
  return out
}

/** Options of {@link fromTypedJson}. */
export interface FromTypedJsonOptions {
  /**
   * How to read the sdb shell form `{$regex: "..", $options: ".."}`: `'operator'` (default)
   * leaves it an ordinary object, as the query operator inside a condition; `'value'` turns it
   * into the regex type, for documents being stored.
   */
  readonly shellRegex?: 'operator' | 'value'
}

function typedError(path: string, message: string): SdbApiError {
  return new SdbApiError(`Invalid typed JSON at ${path === '' ? 'the top level' : path}: ${message}`)
}

function sameKeys(keys: readonly string[], ...wanted: string[]): boolean {
  return keys.length === wanted.length && wanted.every((k) => keys.includes(k))
}

function isJsonObject(v: TypedJson): v is { [key: string]: TypedJson } {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const INTEGER_TEXT = /^[+-]?\d+$/

function parseInt32(v: TypedJson, path: string): Int32 {
  const text = typeof v === 'number' ? String(v) : v
  if (typeof text !== 'string' || !INTEGER_TEXT.test(text.trim())) throw typedError(path, '$numberInt needs an integer')
  const n = Number(text)
  if (n < INT32_MIN || n > INT32_MAX) throw typedError(path, `${text} is outside the int32 range`)
  return new Int32(n)
}

function parseInt64(v: TypedJson, path: string): Long {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw typedError(path, '$numberLong as a JSON number must be a safe integer')
    return Long.fromNumber(v)
  }
  if (typeof v !== 'string' || !INTEGER_TEXT.test(v.trim())) throw typedError(path, '$numberLong needs an integer string')
  const n = BigInt(v.trim())
  if (n < INT64_MIN || n > INT64_MAX) throw typedError(path, `${v} is outside the int64 range`)
  return Long.fromBigInt(n)
}

function parseDouble(v: TypedJson, path: string): Double {
  if (typeof v === 'number') return new Double(v)
  if (typeof v !== 'string') throw typedError(path, '$numberDouble needs a string')
  const t = v.trim()
  if (t === 'NaN' || t === 'nan') return new Double(NaN)
  if (t === 'Infinity' || t === 'inf' || t === '+Infinity') return new Double(Infinity)
  if (t === '-Infinity' || t === '-inf') return new Double(-Infinity)
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw typedError(path, `${JSON.stringify(v)} is not a number`)
  return new Double(Number(t))
}

/** Builds a local-time Date the way the C driver's `mktime` does (years < 100 included). */
function localDate(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date {
  const date = new Date(2000, 0, 1, 0, 0, 0, 0)
  date.setFullYear(y, mo - 1, d)
  date.setHours(h, mi, s, 0)
  return date
}

function parseIsoMicros(text: string, path: string): { ms: number; micros: number } {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) throw typedError(path, `${JSON.stringify(text)} is not an ISO 8601 time`)
  const frac = /[T t]\d{1,2}:\d{2}:\d{2}\.(\d+)/.exec(text)?.[1]
  const micros = frac === undefined ? (((ms % 1000) + 1000) % 1000) * 1000 : Number(frac.slice(0, 6).padEnd(6, '0'))
  return { ms, micros }
}

function parseDate(v: TypedJson, path: string): Date {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw typedError(path, '$date needs a finite number of milliseconds')
    return new Date(Math.trunc(v))
  }
  if (isJsonObject(v) && sameKeys(Object.keys(v), '$numberLong')) {
    return new Date(Number(parseInt64(v['$numberLong'] ?? null, path).toBigInt()))
  }
  if (typeof v !== 'string') throw typedError(path, '$date needs milliseconds or a date string')
  if (/[Tt]/.test(v)) return new Date(parseIsoMicros(v, path).ms)
  if (/^[+-]?\d+$/.test(v.trim())) return new Date(Number(v.trim()))
  // sdb shell form "YYYY-MM-DD", local time like the C driver (`jstobs.c: date2Time`).
  const m = /^\s*(\d{1,4})-(\d{1,2})-(\d{1,2})\s*$/.exec(v)
  if (m === null) throw typedError(path, `${JSON.stringify(v)} is not a date (use YYYY-MM-DD, ISO 8601 or ms)`)
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12 || d < 1 || d > 31) throw typedError(path, `${JSON.stringify(v)} is not a valid date`)
  return localDate(y, mo, d)
}

function parseTimestamp(v: TypedJson, path: string): Timestamp {
  if (isJsonObject(v) && sameKeys(Object.keys(v), 't', 'i')) {
    const t = v['t']
    const i = v['i']
    if (typeof t !== 'number' || typeof i !== 'number' || !Number.isInteger(t) || !Number.isInteger(i) ||
      t < 0 || t > 0xffffffff || i < 0 || i > 0xffffffff) {
      throw typedError(path, '$timestamp needs unsigned 32-bit integers t and i')
    }
    return new Timestamp({ t, i })
  }
  if (typeof v !== 'string') throw typedError(path, '$timestamp needs {t, i} or "YYYY-MM-DD-HH.mm.ss.ffffff"')
  if (/[Tt]/.test(v)) {
    const { ms, micros } = parseIsoMicros(v, path)
    const t = Math.floor(ms / 1000)
    if (t < 0 || t > 0xffffffff) throw typedError(path, `${JSON.stringify(v)} is outside the timestamp range`)
    return new Timestamp({ t, i: micros })
  }
  // sdb shell form, local time (`jstobs.c: TIME_FORMAT` / `TIME_FORMAT2`).
  const m = /^\s*(\d{1,4})-(\d{1,2})-(\d{1,2})(?:-(\d{1,2})[.:](\d{1,2})[.:](\d{1,2})(?:\.(\d{1,6}))?)?\s*$/.exec(v)
  if (m === null) throw typedError(path, `${JSON.stringify(v)} is not a timestamp (YYYY-MM-DD-HH.mm.ss.ffffff)`)
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k] ?? 0)) as [number, number, number, number, number, number]
  const micros = Number(m[7] ?? 0)
  if (y < 1902 || y > 2037 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) {
    throw typedError(path, `${JSON.stringify(v)} is outside the timestamp range`)
  }
  const t = Math.floor(localDate(y, mo, d, h, mi, s).getTime() / 1000)
  if (t < 0 || t > 0xffffffff) throw typedError(path, `${JSON.stringify(v)} is outside the timestamp range`)
  return new Timestamp({ t, i: micros })
}

function parseBinary(data: TypedJson, subType: TypedJson, path: string): Binary {
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw typedError(path, '$binary needs base64 text')
  const sub = typeof subType === 'number' ? subType : typeof subType === 'string' ? parseInt(subType, 16) : NaN
  if (!Number.isInteger(sub) || sub < 0 || sub > 255 || (typeof subType === 'string' && !/^[0-9a-fA-F]{1,2}$/.test(subType))) {
    throw typedError(path, '$binary subtype must be one byte in hex, e.g. "00"')
  }
  return new Binary(Buffer.from(data, 'base64'), sub)
}

function makeRegex(pattern: TypedJson, options: TypedJson, path: string): BSONRegExp {
  if (typeof pattern !== 'string' || typeof options !== 'string') throw typedError(path, 'a regex needs string pattern and options')
  if (pattern.includes('\0') || options.includes('\0')) throw typedError(path, 'a regex must not contain NUL')
  const re = new BSONRegExp(pattern)
  re.options = options
  return re
}

function convertTagged(obj: { [key: string]: TypedJson }, path: string, options: FromTypedJsonOptions): BsonValue | typeof NOT_TAGGED {
  const keys = Object.keys(obj)
  const first = keys[0]
  if (first === undefined || !first.startsWith('$')) return NOT_TAGGED
  const get = (k: string): TypedJson => obj[k] ?? null
  if (sameKeys(keys, '$numberInt')) return parseInt32(get('$numberInt'), path)
  if (sameKeys(keys, '$numberLong')) return parseInt64(get('$numberLong'), path)
  if (sameKeys(keys, '$numberDouble')) return parseDouble(get('$numberDouble'), path)
  if (sameKeys(keys, '$numberDecimal') || sameKeys(keys, '$decimal') || sameKeys(keys, '$decimal', '$precision')) {
    const text = get(keys.includes('$decimal') ? '$decimal' : '$numberDecimal')
    if (typeof text !== 'string' && typeof text !== 'number') throw typedError(path, '$decimal needs a string')
    const prec = obj['$precision']
    if (prec === undefined) return SdbDecimal.fromString(String(text))
    if (!Array.isArray(prec) || prec.length !== 2 || typeof prec[0] !== 'number' || typeof prec[1] !== 'number') {
      throw typedError(path, '$precision must be [precision, scale]')
    }
    return SdbDecimal.fromString(String(text), prec[0], prec[1])
  }
  if (sameKeys(keys, '$date')) return parseDate(get('$date'), path)
  if (sameKeys(keys, '$oid')) {
    const hex = get('$oid')
    if (typeof hex !== 'string' || !/^[0-9a-fA-F]{24}$/.test(hex)) throw typedError(path, '$oid needs 24 hex digits')
    return new ObjectId(hex)
  }
  if (sameKeys(keys, '$timestamp')) return parseTimestamp(get('$timestamp'), path)
  if (sameKeys(keys, '$binary')) {
    const b = get('$binary')
    if (!isJsonObject(b) || !sameKeys(Object.keys(b), 'base64', 'subType')) throw typedError(path, '$binary needs {base64, subType}')
    return parseBinary(b['base64'] ?? null, b['subType'] ?? null, path)
  }
  if (sameKeys(keys, '$binary', '$type')) return parseBinary(get('$binary'), get('$type'), path)
  if (sameKeys(keys, '$regularExpression')) {
    const r = get('$regularExpression')
    if (!isJsonObject(r) || !sameKeys(Object.keys(r), 'pattern', 'options')) {
      throw typedError(path, '$regularExpression needs {pattern, options}')
    }
    return makeRegex(r['pattern'] ?? null, r['options'] ?? null, path)
  }
  if (options.shellRegex === 'value' && (sameKeys(keys, '$regex', '$options') || sameKeys(keys, '$regex'))) {
    return makeRegex(get('$regex'), obj['$options'] ?? '', path)
  }
  if (sameKeys(keys, '$minKey')) return new MinKey()
  if (sameKeys(keys, '$maxKey')) return new MaxKey()
  return NOT_TAGGED
}

const NOT_TAGGED: unique symbol = Symbol('not tagged')

function fromJson(v: TypedJson, path: string, options: FromTypedJsonOptions, depth: number): BsonValue {
  if (depth > 256) throw typedError(path, 'nesting deeper than 256 levels')
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw typedError(path, 'JSON numbers must be finite')
    return v
  }
  if (Array.isArray(v)) return v.map((e, k) => fromJson(e, `${path}[${String(k)}]`, options, depth + 1))
  if (typeof v !== 'object') throw typedError(path, `unexpected ${typeof v}`)
  const tagged = convertTagged(v, path, options)
  if (tagged !== NOT_TAGGED) return tagged
  const out: BsonDocument = {}
  const keys = documentKeys(v)
  for (const key of keys) {
    const child = v[key]
    if (child === undefined) continue
    setField(out, key, fromJson(child, path === '' ? key : `${path}.${key}`, options, depth + 1))
  }
  keepFieldOrder(out, keys)
  return out
}

function isIntegerKey(key: string): boolean {
  const c = key.charCodeAt(0)
  return c >= 48 && c <= 57 && /^(0|[1-9]\d*)$/.test(key)
}

/** Records `keys` as the field order of `obj` when JavaScript would enumerate them otherwise. */
function keepFieldOrder(obj: object, keys: readonly string[]): void {
  if (keys.some(isIntegerKey)) Object.defineProperty(obj, fieldOrder, { value: [...keys], enumerable: false, configurable: true })
}

/**
 * Writes JSON text whose object keys follow the recorded field order (see {@link fieldOrder}),
 * which `JSON.stringify` cannot do for integer-like keys such as `"1"` after `"x"`. Use it
 * on {@link toTypedJson} output to send documents with their exact field order.
 */
export function stringifyTypedJson(json: TypedJson): string {
  return stringifyTypedJsonAt(json, 0)
}

/** Deepest nesting written as typed JSON text. */
const MAX_JSON_DEPTH = 512

const tooDeep = (): never => {
  throw new SdbApiError(`JSON nesting is deeper than ${String(MAX_JSON_DEPTH)} levels`)
}

function stringifyTypedJsonAt(json: TypedJson, startDepth: number): string {
  const parts: string[] = []
  const write = (v: TypedJson, depth: number): void => {
    if (depth > MAX_JSON_DEPTH) tooDeep()
    if (v === null || typeof v !== 'object') {
      parts.push(typeof v === 'number' && !Number.isFinite(v) ? 'null' : JSON.stringify(v))
      return
    }
    if (Array.isArray(v)) {
      parts.push('[')
      v.forEach((e, k) => {
        if (k > 0) parts.push(',')
        write(e, depth + 1)
      })
      parts.push(']')
      return
    }
    parts.push('{')
    let first = true
    for (const key of documentKeys(v)) {
      const child = v[key]
      if (child === undefined) continue
      if (!first) parts.push(',')
      first = false
      parts.push(JSON.stringify(key), ':')
      write(child, depth + 1)
    }
    parts.push('}')
  }
  write(json, startDepth)
  return parts.join('')
}

/** `{"<tag>":"<text>"}` for a wrapper at `depth` (its string one level deeper). */
function taggedText(tag: string, text: string, depth: number): string {
  if (depth + 1 > MAX_JSON_DEPTH) tooDeep()
  return `{"${tag}":${JSON.stringify(text)}}`
}

/**
 * The JSON text of a BSON value in typed form: exactly `stringifyTypedJson(toTypedJson(value))`,
 * field order and nesting limit included, without building the typed objects in between. A page
 * of documents is the console's hottest answer. `depth` is where the value sits in the text.
 */
export function typedJsonText(value: BsonValue, depth = 0): string {
  if (depth > MAX_JSON_DEPTH) tooDeep()
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value)
    case 'number':
      return isInt32Number(value)
        ? taggedText('$numberInt', String(value), depth)
        : taggedText('$numberDouble', formatDouble(value), depth)
    case 'bigint':
      return taggedText('$numberLong', value.toString(), depth)
    default:
      break
  }
  if (Array.isArray(value)) {
    let text = '['
    for (let k = 0; k < value.length; k++) text += (k > 0 ? ',' : '') + typedJsonText(value[k], depth + 1)
    return `${text}]`
  }
  if (value instanceof Date) {
    if (depth + 1 > MAX_JSON_DEPTH) tooDeep()
    const ms = value.getTime()
    return `{"$date":${Number.isFinite(ms) ? String(ms) : 'null'}}`
  }
  if (value instanceof SdbDecimal) {
    const p = value.precision
    const s = value.scale
    if (p === undefined || s === undefined) return taggedText('$decimal', value.toString(), depth)
    if (depth + 2 > MAX_JSON_DEPTH) tooDeep()
    return `{"$decimal":${JSON.stringify(value.toString())},"$precision":[${String(p)},${String(s)}]}`
  }
  switch (bsonTypeTag(value)) {
    case 'Int32':
      return taggedText('$numberInt', String((value as Int32).value), depth)
    case 'Long':
      return taggedText('$numberLong', (value as Long).toString(), depth)
    case 'Double':
      return taggedText('$numberDouble', formatDouble((value as Double).value), depth)
    case 'ObjectId':
      return taggedText('$oid', (value as ObjectId).toHexString(), depth)
    case 'MinKey':
    case 'MaxKey':
    case 'Timestamp':
    case 'Binary':
    case 'BSONRegExp':
      // Nested or rare forms: the general path.
      return stringifyTypedJsonAt(toTypedJson(value), depth)
    case 'Code':
      return taggedText('$code', (value as Code).code, depth)
    case 'BSONSymbol':
      return taggedText('$symbol', (value as BSONSymbol).value, depth)
    case 'Decimal128':
      return taggedText('$numberDecimal', (value as Decimal128).toString(), depth)
    default:
      break
  }
  const doc = value as BsonDocument
  let text = '{'
  let first = true
  for (const key of documentKeys(doc)) {
    const v = doc[key]
    if (v === undefined) continue
    text += `${first ? '' : ','}${JSON.stringify(key)}:${typedJsonText(v, depth + 1)}`
    first = false
  }
  return `${text}}`
}

/**
 * Parses JSON text like `JSON.parse`, but records the key order of objects with integer-like
 * keys (see {@link fieldOrder}), so `fromTypedJson(parseTypedJson(text))` keeps the field order
 * the text had. Throws {@link SdbApiError} with the position of a syntax error.
 */
export function parseTypedJson(text: string): TypedJson {
  let pos = 0
  const fail = (message: string): never => {
    throw new SdbApiError(`Invalid JSON at position ${String(pos)}: ${message}`)
  }
  const skip = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos)
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break
      pos++
    }
  }
  const readString = (): string => {
    const start = pos
    pos++
    for (;;) {
      if (pos >= text.length) fail('unterminated string')
      const c = text.charCodeAt(pos)
      if (c === 0x22) break
      pos += c === 0x5c ? 2 : 1
    }
    pos++
    try {
      return JSON.parse(text.slice(start, pos)) as string
    } catch {
      return fail('bad string')
    }
  }
  const value = (depth: number): TypedJson => {
    if (depth > MAX_JSON_DEPTH) fail(`nesting deeper than ${String(MAX_JSON_DEPTH)} levels`)
    skip()
    const c = text[pos]
    if (c === '{') {
      pos++
      const out: { [key: string]: TypedJson } = {}
      const keys: string[] = []
      skip()
      if (text[pos] === '}') {
        pos++
        return out
      }
      for (;;) {
        skip()
        if (text[pos] !== '"') fail('expected a key')
        const key = readString()
        skip()
        if (text[pos] !== ':') fail('expected ":"')
        pos++
        const v = value(depth + 1)
        if (!Object.hasOwn(out, key)) keys.push(key)
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true })
        skip()
        if (text[pos] === ',') {
          pos++
          continue
        }
        if (text[pos] === '}') {
          pos++
          break
        }
        fail('expected "," or "}"')
      }
      keepFieldOrder(out, keys)
      return out
    }
    if (c === '[') {
      pos++
      const out: TypedJson[] = []
      skip()
      if (text[pos] === ']') {
        pos++
        return out
      }
      for (;;) {
        out.push(value(depth + 1))
        skip()
        if (text[pos] === ',') {
          pos++
          continue
        }
        if (text[pos] === ']') {
          pos++
          break
        }
        fail('expected "," or "]"')
      }
      return out
    }
    if (c === '"') return readString()
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 400))
    if (m === null) return fail('unexpected character')
    pos += m[0].length
    return JSON.parse(m[0]) as TypedJson
  }
  const result = value(0)
  skip()
  if (pos !== text.length) fail('unexpected text after the value')
  return result
}

/**
 * Reads typed extended JSON back into BSON values (the inverse of {@link toTypedJson}), and
 * also the sdb shell forms: `{$numberLong: "1"}`, `{$date: "2024-01-02"}` (local time, like
 * the C driver), ISO 8601 or ms; `{$timestamp: "2024-01-02-03.04.05.000006"}` (local time);
 * `{$binary: b64, $type: "00"}`; `{$oid}`; `{$decimal: "1.5", $precision: [p, s]}`; and
 * `{$regex, $options}` as the regex type only with `shellRegex: 'value'`. Untagged JSON numbers
 * are kept as `number`. Throws {@link SdbApiError} naming the bad path.
 */
export function fromTypedJson(json: TypedJson, options: FromTypedJsonOptions = {}): BsonValue {
  return fromJson(json, '', options, 0)
}
