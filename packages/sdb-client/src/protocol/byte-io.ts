/** Little-endian byte writer and bounds-checked reader shared by the message codecs. */
import { BsonWriter, decodeDocument, type BsonDocument } from '../bson.js'
import { ErrorCode, SdbApiError, SdbProtocolError } from '../errors.js'

/** Rounds up to a multiple of 4 (`msg.h: ossRoundUpToMultipleX(x, 4)`). */
export function align4(n: number): number {
  return (n + 3) & ~3
}

/** Accepts a JS number or bigint for an i64 field. */
export type Int64Input = bigint | number

/** Internal helper of the protocol module. */
export function toInt64(v: Int64Input, what: string): bigint {
  if (typeof v === 'bigint') {
    if (v < -(2n ** 63n) || v > 2n ** 63n - 1n) throw new SdbApiError(`${what} is outside the int64 range`)
    return v
  }
  if (!Number.isSafeInteger(v)) throw new SdbApiError(`${what} must be an integer`)
  return BigInt(v)
}

function checkInt(v: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new SdbApiError(`${what} must be an integer in [${String(min)}, ${String(max)}], got ${String(v)}`)
  }
}

/**
 * Message writer: the BSON writer plus range-checked wire fields, so one buffer holds the
 * header, the names and every document of a message. Positions are relative to its start.
 */
export class ByteWriter extends BsonWriter {
  constructor(size = 1024) {
    super(size)
  }

  /** Appends a uint8, range-checked. */
  i8(v: number, what = 'value'): void {
    checkInt(v, 0, 255, what)
    this.putByte(v)
  }

  /** Appends an int16, range-checked. */
  i16(v: number, what = 'value'): void {
    checkInt(v, -32768, 32767, what)
    this.ensure(2)
    this.buf.writeInt16LE(v, this.pos)
    this.pos += 2
  }

  /** Appends an int32, range-checked. */
  i32(v: number, what = 'value'): void {
    checkInt(v, -2147483648, 2147483647, what)
    this.putI32(v)
  }

  /** Appends a uint32, range-checked. */
  u32(v: number, what = 'value'): void {
    checkInt(v, 0, 0xffffffff, what)
    this.putU32(v)
  }

  /** Appends an int64, range-checked. */
  i64(v: Int64Input, what = 'value'): void {
    this.putI64(toInt64(v, what))
  }

  /** Appends a uint64, range-checked. */
  u64(v: bigint, what = 'value'): void {
    if (v < 0n || v > 2n ** 64n - 1n) throw new SdbApiError(`${what} must be an unsigned 64-bit integer`)
    this.ensure(8)
    this.buf.writeBigUInt64LE(v, this.pos)
    this.pos += 8
  }

  /** Appends raw bytes. */
  bytes(b: Uint8Array): void {
    this.putBytes(b)
  }

  /** Fixed-size field: copies `b` and zero-fills (or truncates) to `size`. */
  fixed(b: Uint8Array | undefined, size: number): void {
    this.ensure(size)
    this.buf.fill(0, this.pos, this.pos + size)
    if (b !== undefined) this.buf.set(b.subarray(0, size), this.pos)
    this.pos += size
  }

  /** Appends `n` zero bytes. */
  zeros(n: number): void {
    this.ensure(n)
    this.buf.fill(0, this.pos, this.pos + n)
    this.pos += n
  }

  /** Zero bytes up to the next multiple of 4. */
  pad4(): void {
    this.zeros(align4(this.pos) - this.pos)
  }

  /** Appends a NUL-terminated name; returns its length without the NUL. */
  cstring(s: string, what: string): number {
    return this.putCString(s, what)
  }

  /** Appends a BSON document; returns its size. */
  document(doc: BsonDocument): number {
    return this.putDocument(doc)
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
    const size = this.buf.readInt32LE(this.pos)
    if (size < 5 || this.pos + size > this.end) this.fail(`${what} has size ${String(size)}`)
    // The reader's end is the end of its buffer (frames are exact), so no narrowing copy is needed.
    const doc = decodeDocument(this.end === this.buf.length ? this.buf : this.buf.subarray(0, this.end), this.pos)
    this.pos += size
    return doc
  }
}
