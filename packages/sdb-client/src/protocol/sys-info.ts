/**
 * The system-info handshake (`msg.h: MsgSysInfoRequest`, `MsgSysInfoReply`; `common.c:
 * clientBuildSysInfoRequest`, `clientExtractSysInfoReply`). The request is 12 bytes without a
 * MsgHeader: i32 -1, u32 eye catcher 0xFFFEFDFC in the sender's byte order, i32 12. The reply
 * is 128 bytes; its last 4 bytes are the first 4 bytes of the MD5 of the 124 before them, which
 * tells a V2 server from an old V1 one.
 */
import { createHash } from 'node:crypto'
import { ErrorCode } from '../errors.js'
import { ByteReader, ByteWriter } from './byte-io.js'
import { Sizes } from './constants.js'

/** `MSG_SYSTEM_INFO_EYECATCHER`. */
export const SYS_INFO_EYE_CATCHER = 0xfffefdfc
/** The eye catcher read in the opposite byte order (`MSG_SYSTEM_INFO_EYECATCHER_REVERT`). */
export const SYS_INFO_EYE_CATCHER_REVERSED = 0xfcfdfeff

/** Byte order announced by an eye catcher. */
export type ByteOrder = 'little' | 'big'

/** The fields of a system-info reply. */
export interface SysInfo {
  /** `ossFeat.h` OS type (3 = 64-bit Linux). */
  readonly osType: number
  /** 0 = MD5 authentication, 1 = SCRAM-SHA256. */
  readonly authVersion: number
  /** Server start time, seconds since the epoch. */
  readonly dbStartTime: bigint
  /** Engine version, sub-version and fix version (6, 0, 0). */
  readonly version: number
  readonly subVersion: number
  readonly fixVersion: number
  /** The session's `MsgGlobalID`, 16 bytes (clients ignore it). */
  readonly globalId: Uint8Array
}

/** A decoded system-info reply. */
export interface SysInfoReply extends SysInfo {
  /** The server's byte order, from its eye catcher. */
  readonly byteOrder: ByteOrder
  /** True when the fingerprint matches: the server speaks V2 (56-byte headers). */
  readonly fingerprintValid: boolean
  readonly reserved: number
  /** The 76 pad bytes (zero from real servers). */
  readonly pad: Buffer
}

/** Encodes the 12-byte probe; `byteOrder` 'big' gives the Java driver's form. */
export function encodeSysInfoRequest(byteOrder: ByteOrder = 'little'): Buffer {
  const b = Buffer.alloc(Sizes.SYS_INFO_REQUEST)
  b.writeInt32LE(-1, 0)
  if (byteOrder === 'little') {
    b.writeUInt32LE(SYS_INFO_EYE_CATCHER, 4)
    b.writeInt32LE(Sizes.SYS_INFO_REQUEST, 8)
  } else {
    b.writeUInt32BE(SYS_INFO_EYE_CATCHER, 4)
    b.writeInt32BE(Sizes.SYS_INFO_REQUEST, 8)
  }
  return b
}

/** True when the bytes start with the sys-info length word -1. */
export function isSysInfoMessage(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff
}

/**
 * Decodes the 12-byte probe and returns the client's byte order. The server reads exactly 8
 * bytes after the length word and ignores realMessageLength (`pmdLocalSession.cpp`).
 */
export function decodeSysInfoRequest(bytes: Uint8Array): { byteOrder: ByteOrder } {
  const r = new ByteReader(bytes, 0, bytes.length)
  if (bytes.length !== Sizes.SYS_INFO_REQUEST || !isSysInfoMessage(bytes)) {
    r.fail('not a 12-byte system-info request', ErrorCode.NET_BROKEN_MSG)
  }
  r.pos = 4
  const eye = r.u32()
  if (eye === SYS_INFO_EYE_CATCHER) return { byteOrder: 'little' }
  if (eye === SYS_INFO_EYE_CATCHER_REVERSED) return { byteOrder: 'big' }
  return r.fail(`bad eye catcher 0x${eye.toString(16)}`, ErrorCode.INVALIDARG)
}

function fingerprint(first124: Uint8Array): Buffer {
  return createHash('md5').update(first124).digest().subarray(0, 4)
}

/**
 * Encodes the 128-byte reply, little-endian, with a correct fingerprint (or zeros with
 * `legacy: true`, which makes v6 clients fall back to V1 headers).
 */
export function encodeSysInfoReply(info: SysInfo, options: { legacy?: boolean } = {}): Buffer {
  const w = new ByteWriter(Sizes.SYS_INFO_REPLY)
  w.i32(-1)
  w.u32(SYS_INFO_EYE_CATCHER)
  w.i32(Sizes.SYS_INFO_REPLY)
  w.i32(info.osType, 'osType')
  w.i32(info.authVersion, 'authVersion')
  w.u64(info.dbStartTime, 'dbStartTime')
  w.i8(info.version, 'version')
  w.i8(info.subVersion, 'subVersion')
  w.i8(info.fixVersion, 'fixVersion')
  w.i8(0)
  w.fixed(info.globalId, 16)
  w.zeros(76)
  const b = w.result()
  return Buffer.concat([b, options.legacy === true ? Buffer.alloc(4) : fingerprint(b)])
}

/**
 * Decodes the 128-byte reply. Throws {@link SdbProtocolError} when the eye catcher is neither
 * byte order; a big-endian server decodes (byteOrder 'big') with its numbers byte-swapped.
 */
export function decodeSysInfoReply(bytes: Uint8Array): SysInfoReply {
  const r = new ByteReader(bytes, 0, bytes.length)
  if (bytes.length !== Sizes.SYS_INFO_REPLY || !isSysInfoMessage(bytes)) {
    r.fail(`a system-info reply is 128 bytes starting with -1, got ${String(bytes.length)} bytes`, ErrorCode.NET_BROKEN_MSG)
  }
  const eye = r.buf.readUInt32LE(4)
  let byteOrder: ByteOrder
  if (eye === SYS_INFO_EYE_CATCHER) byteOrder = 'little'
  else if (eye === SYS_INFO_EYE_CATCHER_REVERSED) byteOrder = 'big'
  else return r.fail(`bad eye catcher 0x${eye.toString(16)}`, ErrorCode.INVALIDARG)
  const b = r.buf
  const le = byteOrder === 'little'
  const i32 = (at: number): number => (le ? b.readInt32LE(at) : b.readInt32BE(at))
  const expected = fingerprint(b.subarray(0, 124))
  return {
    byteOrder,
    osType: i32(12),
    authVersion: i32(16),
    dbStartTime: le ? b.readBigUInt64LE(20) : b.readBigUInt64BE(20),
    version: b[28] ?? 0,
    subVersion: b[29] ?? 0,
    fixVersion: b[30] ?? 0,
    reserved: b[31] ?? 0,
    globalId: Buffer.from(b.subarray(32, 48)),
    pad: Buffer.from(b.subarray(48, 124)),
    fingerprintValid: expected.equals(b.subarray(124, 128)),
  }
}
