/**
 * Message headers: V1 (28 bytes, `msg.h: _MsgHeaderV1`) and V2 (56 bytes, `msg.h: _MsgHeader`).
 */
import { ErrorCode, SdbProtocolError } from '../errors.js'
import { ByteReader, type ByteWriter } from './byte-io.js'
import { HeaderVersion, Sizes } from './constants.js'

/** Header fields of a decoded message (V1 messages have the V2-only fields at their defaults). */
export interface MessageHeader {
  /** Which header the message used. */
  readonly headerVersion: HeaderVersion
  /** Total message length, header included. */
  readonly messageLength: number
  /** The opCode as a signed int32 (replies are negative). */
  readonly opCode: number
  /** Client thread id, echoed by the server. */
  readonly tid: number
  /** `MsgRouteID` as one u64; clients send 0, servers put their node id. */
  readonly routeId: bigint
  /** Echoed by the server. */
  readonly requestId: bigint
  /** V2 only: the eye catcher at offset 4 (always 0). */
  readonly eye: number
  /** V2 only: the `version` field (2). */
  readonly version: number
  /** V2 only: header flags (`HeaderFlag`). */
  readonly headerFlags: number
  /** V2 only: the 16-byte `MsgGlobalID`. */
  readonly globalId: Buffer
  /** V2 only: the 4 reserved bytes as a u32. */
  readonly reserve: number
}

/** What a caller may set when encoding; everything defaults to what the official drivers send. */
export interface HeaderOptions {
  /** 1 (28-byte header) or 2 (56-byte header). Default 2. */
  readonly headerVersion?: HeaderVersion
  readonly requestId?: bigint | number
  readonly tid?: number
  readonly routeId?: bigint | number
  /** V2 only; default 0. */
  readonly headerFlags?: number
  /** V2 only; 16 bytes, default zeros. */
  readonly globalId?: Uint8Array
  /** V2 only; default 2. */
  readonly version?: number
  /** V2 only; the 4 reserved bytes as a u32, default 0 (the C++ driver leaves stale bytes). */
  readonly reserve?: number
}

/** Header size of a version. */
export function headerSize(v: HeaderVersion): number {
  return v === HeaderVersion.V1 ? Sizes.HEADER_V1 : Sizes.HEADER_V2
}

/** Tells V1 from V2 by the int32 at offset 4: 0 (the V2 eye) means V2 (contract §3.4). */
export function detectHeaderVersion(bytes: Uint8Array): HeaderVersion {
  if (bytes.length < 8) throw new SdbProtocolError('A message needs at least 8 bytes to tell its header version')
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readInt32LE(4) === 0
    ? HeaderVersion.V2
    : HeaderVersion.V1
}

function big(v: bigint | number | undefined): bigint {
  if (v === undefined) return 0n
  return typeof v === 'bigint' ? v : BigInt(v)
}

/** Writes a header with a zero length; the caller patches the length at offset 0 at the end. */
export function writeHeader(w: ByteWriter, opCode: number, h: HeaderOptions = {}): void {
  const v = h.headerVersion ?? HeaderVersion.V2
  w.i32(0, 'messageLength')
  if (v === HeaderVersion.V1) {
    w.i32(opCode, 'opCode')
    w.u32(h.tid ?? 0, 'tid')
    w.u64(big(h.routeId), 'routeId')
    w.u64(big(h.requestId), 'requestId')
    return
  }
  w.i32(0, 'eye')
  w.u32(h.tid ?? 0, 'tid')
  w.u64(big(h.routeId), 'routeId')
  w.u64(big(h.requestId), 'requestId')
  w.i32(opCode, 'opCode')
  w.i16(h.version ?? 2, 'version')
  w.i16(h.headerFlags ?? 0, 'headerFlags')
  w.fixed(h.globalId, 16)
  w.u32(h.reserve ?? 0, 'reserve')
}

/**
 * Reads the header and checks `messageLength` against the bytes: it must equal the buffer
 * length and be at least the header size.
 */
export function readHeader(bytes: Uint8Array, v: HeaderVersion): { header: MessageHeader; reader: ByteReader } {
  const size = headerSize(v)
  const r = new ByteReader(bytes, 0, bytes.length)
  if (bytes.length < size) {
    r.fail(`${String(bytes.length)} bytes cannot hold a ${String(size)}-byte V${String(v)} header`, ErrorCode.NET_BROKEN_MSG)
  }
  const messageLength = r.i32()
  if (messageLength !== bytes.length) {
    r.fail(`messageLength ${String(messageLength)} does not match the ${String(bytes.length)} bytes received`, ErrorCode.NET_BROKEN_MSG)
  }
  let header: MessageHeader
  if (v === HeaderVersion.V1) {
    const opCode = r.i32()
    header = {
      headerVersion: v,
      messageLength,
      opCode,
      tid: r.u32(),
      routeId: r.u64(),
      requestId: r.u64(),
      eye: 0,
      version: 1,
      headerFlags: 0,
      globalId: Buffer.alloc(16),
      reserve: 0,
    }
  } else {
    const eye = r.i32()
    const tid = r.u32()
    const routeId = r.u64()
    const requestId = r.u64()
    const opCode = r.i32()
    const version = r.i16()
    const headerFlags = r.i16()
    const globalId = r.take(16)
    const reserve = r.u32()
    header = { headerVersion: v, messageLength, opCode, tid, routeId, requestId, eye, version, headerFlags, globalId, reserve }
  }
  return { header, reader: r }
}
