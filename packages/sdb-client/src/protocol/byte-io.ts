/** Little-endian byte writer and bounds-checked reader shared by the message codecs. */
import { decodeDocument, documentSize, encodeDocument, type BsonDocument } from '../bson.js'
import { ErrorCode, SdbProtocolError } from '../errors.js'

/** Rounds up to a multiple of 4 (`msg.h: ossRoundUpToMultipleX(x, 4)`). */
export function align4(n: number): number {
  return (n + 3) & ~3
}

/** Accepts a JS number or bigint for an i64 field. */
export type Int64Input = bigint | number

export function toInt64(v: Int64Input, what: string): bigint {
  if (typeof v === 'bigint') {
    if (v < -(2n ** 63n) || v > 2n ** 63n - 1n) throw new SdbProtocolError(`${what} is outside the int64 range`, ErrorCode.INVALIDARG)
    return v
  }
  if (!Number.isSafeInteger(v)) throw new SdbProtocolError(`${what} must be an integer`, ErrorCode.INVALIDARG)
  return BigInt(v)
}

function checkInt(v: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new SdbProtocolError(`${what} must be an integer in [${String(min)}, ${String(max)}], got ${String(v)}`, ErrorCode.INVALIDARG)
  }
}

/** Growable buffer; positions are relative to the start of the message. */
export class ByteWriter {
  private buf: Buffer
  pos = 0

  constructor(size = 128) {
    this.buf = Buffer.alloc(size)
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = Buffer.alloc(size)
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }

  i8(v: number, what = 'value'): void {
    checkInt(v, 0, 255, what)
    this.ensure(1)
    this.buf[this.pos++] = v
  }

  i16(v: number, what = 'value'): void {
    checkInt(v, -32768, 32767, what)
    this.ensure(2)
    this.buf.writeInt16LE(v, this.pos)
    this.pos += 2
  }

  i32(v: number, what = 'value'): void {
    checkInt(v, -2147483648, 2147483647, what)
    this.ensure(4)
    this.buf.writeInt32LE(v, this.pos)
    this.pos += 4
  }

  u32(v: number, what = 'value'): void {
    checkInt(v, 0, 0xffffffff, what)
    this.ensure(4)
    this.buf.writeUInt32LE(v, this.pos)
    this.pos += 4
  }

  i64(v: Int64Input, what = 'value'): void {
    const b = toInt64(v, what)
    this.ensure(8)
    this.buf.writeBigInt64LE(b, this.pos)
    this.pos += 8
  }

  u64(v: bigint, what = 'value'): void {
    if (v < 0n || v > 2n ** 64n - 1n) throw new SdbProtocolError(`${what} must be an unsigned 64-bit integer`, ErrorCode.INVALIDARG)
    this.ensure(8)
    this.buf.writeBigUInt64LE(v, this.pos)
    this.pos += 8
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
  }

  /** Fixed-size field: copies `b` and zero-fills (or truncates) to `size`. */
  fixed(b: Uint8Array | undefined, size: number): void {
    this.ensure(size)
    this.buf.fill(0, this.pos, this.pos + size)
    if (b !== undefined) this.buf.set(b.subarray(0, size), this.pos)
    this.pos += size
  }

  zeros(n: number): void {
    this.ensure(n)
    this.buf.fill(0, this.pos, this.pos + n)
    this.pos += n
  }

  /** Zero bytes up to the next multiple of 4. */
  pad4(): void {
    this.zeros(align4(this.pos) - this.pos)
  }

  cstring(s: string, what: string): number {
    const b = Buffer.from(s, 'utf8')
    if (b.includes(0)) throw new SdbProtocolError(`${what} must not contain a NUL character`, ErrorCode.INVALIDARG)
    this.bytes(b)
    this.i8(0)
    return b.length
  }

  document(doc: BsonDocument): number {
    const b = encodeDocument(doc)
    this.bytes(b)
    return b.length
  }

  patchI32(at: number, v: number): void {
    this.buf.writeInt32LE(v, at)
  }

  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos))
  }
}

/** Reads a message; every out-of-bounds access throws {@link SdbProtocolError}. */
export class ByteReader {
  readonly buf: Buffer

  constructor(
    bytes: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  fail(message: string, code: number = ErrorCode.INVALIDARG): never {
    throw new SdbProtocolError(`Malformed message at byte ${String(this.pos)}: ${message}`, code)
  }

  remaining(): number {
    return this.end - this.pos
  }

  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end) this.fail(`${what} needs ${String(n)} bytes, ${String(this.remaining())} left`)
  }

  i16(what = 'field'): number {
    this.need(2, what)
    const v = this.buf.readInt16LE(this.pos)
    this.pos += 2
    return v
  }

  i32(what = 'field'): number {
    this.need(4, what)
    const v = this.buf.readInt32LE(this.pos)
    this.pos += 4
    return v
  }

  u32(what = 'field'): number {
    this.need(4, what)
    const v = this.buf.readUInt32LE(this.pos)
    this.pos += 4
    return v
  }

  i64(what = 'field'): bigint {
    this.need(8, what)
    const v = this.buf.readBigInt64LE(this.pos)
    this.pos += 8
    return v
  }

  u64(what = 'field'): bigint {
    this.need(8, what)
    const v = this.buf.readBigUInt64LE(this.pos)
    this.pos += 8
    return v
  }

  take(n: number, what = 'bytes'): Buffer {
    this.need(n, what)
    const b = Buffer.from(this.buf.subarray(this.pos, this.pos + n))
    this.pos += n
    return b
  }

  /** Moves to the next multiple of 4, never past the end. */
  align4(): void {
    this.pos = Math.min(align4(this.pos), this.end)
  }

  /** A NUL-terminated UTF-8 string whose length (without the NUL) is `length`. */
  name(length: number, what: string): string {
    if (length < 0) this.fail(`${what} length ${String(length)}`)
    this.need(length + 1, what)
    const b = this.buf.subarray(this.pos, this.pos + length)
    if (this.buf[this.pos + length] !== 0 || b.includes(0)) this.fail(`${what} length does not match its NUL terminator`)
    this.pos += length + 1
    return b.toString('utf8')
  }

  /** Text up to the first NUL (or the end of the message). */
  text(what: string): string {
    const nul = this.buf.indexOf(0, this.pos)
    if (nul < 0 || nul >= this.end) this.fail(`${what} is not NUL-terminated`)
    const s = this.buf.subarray(this.pos, nul).toString('utf8')
    this.pos = nul + 1
    return s
  }

  /** One BSON document at the current position (which must be inside the message). */
  document(what: string): BsonDocument {
    this.need(5, what)
    const size = documentSize(this.buf.subarray(0, this.end), this.pos)
    const doc = decodeDocument(this.buf.subarray(0, this.end), this.pos)
    this.pos += size
    return doc
  }
}
