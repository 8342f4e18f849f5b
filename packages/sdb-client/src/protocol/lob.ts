/**
 * LOB messages 8001..8010 (`msg.h: MsgOpLob`, `MsgLobTuple`; `common.c: clientBuildLobMsg`):
 * after the header, i32 version, i16 w, i16 padding, i32 flags, i64 contextID, u32 bsonLen,
 * the meta BSON padded to 4 (bsonLen holds its unpadded size), then for read/write a 16-byte
 * tuple (u32 len, u32 sequence, i64 offset) and for write the data, padded to 4.
 */
import type { BsonDocument } from '../bson.js'
import type { ByteReader, ByteWriter, Int64Input } from './byte-io.js'
import { OpCode } from './constants.js'

/** The LOB opCodes 8001..8010. */
export type LobOpCode = (typeof OpCode)[
  | 'LOB_OPEN'
  | 'LOB_WRITE'
  | 'LOB_READ'
  | 'LOB_REMOVE'
  | 'LOB_UPDATE'
  | 'LOB_CLOSE'
  | 'LOB_LOCK'
  | 'LOB_TRUNCATE'
  | 'LOB_CREATE_ID'
  | 'LOB_GET_RT_DETAIL']

/** `msg.h: MsgLobTuple`: a piece of a LOB. */
export interface LobTuple {
  /** Data length. */
  readonly len: number
  /** Sent as 0, ignored on receipt. */
  readonly sequence: number
  /** Absolute offset, -1 = append (write). */
  readonly offset: bigint
}

/** Open, write, read, remove, close, lock, truncate, create-id, ... of a LOB. */
export interface LobRequest {
  readonly kind: 'lob'
  readonly opCode: LobOpCode
  /** 1 from every driver. */
  readonly catalogVersion?: number
  /** Drivers send 1 (the legacy Node driver 0). */
  readonly w?: number
  readonly padding?: number
  /** `LobFlag` bits. */
  readonly flags: number
  /** -1 for open/remove/truncate/create-id; the LOB context otherwise. */
  readonly contextId: Int64Input
  /** `{Collection, Oid, Mode}` etc.; omitted when bsonLen is 0. */
  readonly meta?: BsonDocument | undefined
  /** Read/write only. For a write, `len` must equal the data length. */
  readonly tuple?: { readonly len: number; readonly sequence?: number; readonly offset: Int64Input } | undefined
  /** Write only. */
  readonly data?: Uint8Array | undefined
}

/** Internal helper of the protocol module. */
export function isLobOpCode(op: number): op is LobOpCode {
  return op >= OpCode.LOB_OPEN && op <= OpCode.LOB_GET_RT_DETAIL
}

/** Writes the lob body (internal to the protocol module; see the layout above). */
export function encodeLobBody(w: ByteWriter, req: LobRequest): void {
  w.i32(req.catalogVersion ?? 1, 'catalogVersion')
  w.i16(req.w ?? 1, 'w')
  w.i16(req.padding ?? 0, 'padding')
  w.i32(req.flags, 'flags')
  w.i64(req.contextId, 'contextId')
  const lenAt = w.pos
  w.u32(0, 'bsonLen')
  if (req.meta !== undefined) {
    w.patchI32(lenAt, w.document(req.meta))
    w.pad4()
  }
  if (req.tuple !== undefined) {
    const len = req.data?.length ?? req.tuple.len
    w.u32(len, 'tuple len')
    w.u32(req.tuple.sequence ?? 0, 'tuple sequence')
    w.i64(req.tuple.offset, 'tuple offset')
  }
  if (req.data !== undefined) {
    w.bytes(req.data)
    w.pad4()
  }
}

/** Reads the lob body (internal to the protocol module; see the layout above). */
export function decodeLobBody(r: ByteReader, opCode: LobOpCode): LobRequest {
  const catalogVersion = r.i32('version')
  const w = r.i16('w')
  const padding = r.i16('padding')
  const flags = r.i32('flags')
  const contextId = r.i64('contextID')
  const bsonLen = r.u32('bsonLen')
  let meta: BsonDocument | undefined
  if (bsonLen > 0) {
    const start = r.pos
    meta = r.document('meta')
    if (r.pos - start !== bsonLen) r.fail(`bsonLen ${String(bsonLen)} does not match the meta document`)
    r.align4()
  }
  let tuple: LobTuple | undefined
  let data: Buffer | undefined
  if (r.remaining() >= 16) {
    tuple = { len: r.u32('tuple len'), sequence: r.u32('tuple sequence'), offset: r.i64('tuple offset') }
    if (opCode === OpCode.LOB_WRITE || opCode === OpCode.LOB_UPDATE) {
      data = r.take(tuple.len, 'LOB data')
      r.align4()
    }
  }
  if (r.remaining() > 0) r.fail('bytes after the LOB body')
  return {
    kind: 'lob',
    opCode,
    catalogVersion,
    w,
    padding,
    flags,
    contextId,
    ...(meta === undefined ? {} : { meta }),
    ...(tuple === undefined ? {} : { tuple }),
    ...(data === undefined ? {} : { data }),
  }
}
