/**
 * Replies: V2 `msg.h: MsgOpReply` (84-byte header: contextID, flags, startFrom, numReturned,
 * returnMask, dataLen) and V1 `msg.h: MsgOpReplyV1` (48 bytes: no returnMask/dataLen).
 * Documents start 4-byte aligned with no padding after the last one (`rtnContext.cpp:
 * _rtnContextStoreBuf::append`). A LOB read reply carries a `MsgLobTuple` and the data
 * instead of documents (`msgMessage.cpp: msgExtractReadResult`).
 */
import type { BsonDocument } from '../bson.js'
import { ErrorCode, SdbApiError, SdbError, SdbProtocolError } from '../errors.js'
import { ByteWriter, type Int64Input } from './byte-io.js'
import { HeaderVersion, OpCode, Sizes, isReplyOpCode, replyOpCode, requestOpCodeOf } from './constants.js'
import { readHeader, writeHeader, type HeaderOptions, type MessageHeader } from './header.js'
import type { LobTuple } from './lob.js'

/** A reply as the driver sees it and the emulator builds it. */
export interface SdbReply {
  /** The request opCode this reply answers (without the reply bit). */
  readonly opCode: number
  /** Server context, -1n when none. */
  readonly contextId: bigint
  /** Result code: 0 success, else a negative SDB_* code. */
  readonly flags: number
  /** Ordinal of the first record of this batch within its context. */
  readonly startFrom: number
  /** Count of documents (1 for a LOB read reply). */
  readonly numReturned: number
  /** V2 only (0 from v6 servers). */
  readonly returnMask: number
  /** V2 only (0 from v6 servers). */
  readonly dataLen: number
  /** Records, a result object, or the error object `{errno, description, detail}`. */
  readonly documents: readonly BsonDocument[]
  /** LOB read (and open-with-data) replies: the piece descriptor. */
  readonly lobTuple?: LobTuple | undefined
  /** LOB read (and open-with-data) replies: the bytes of the piece. */
  readonly lobData?: Buffer | undefined
}

/** What {@link encodeReply} needs; omitted numbers take the values a v6 server sends. */
export interface SdbReplyInit {
  readonly opCode: number
  readonly contextId?: Int64Input
  readonly flags?: number
  readonly startFrom?: number
  /** Default: documents.length, or 1 for a LOB piece without documents. */
  readonly numReturned?: number
  readonly returnMask?: number
  readonly dataLen?: number
  readonly documents?: readonly BsonDocument[]
  readonly lobTuple?: { readonly len?: number; readonly sequence?: number; readonly offset: Int64Input } | undefined
  readonly lobData?: Uint8Array | undefined
}

/** A decoded reply message. */
export interface SdbReplyMessage {
  readonly header: MessageHeader
  readonly reply: SdbReply
}

/** Encodes a reply with a V2 (default) or V1 header; the reply bit is added to the opCode. */
export function encodeReply(reply: SdbReplyInit, header: HeaderOptions = {}): Buffer {
  const v = header.headerVersion ?? HeaderVersion.V2
  const w = new ByteWriter()
  // Replies always carry header flags 0 (contract §4.3).
  writeHeader(w, replyOpCode(requestOpCodeOf(reply.opCode)), { ...header, headerFlags: 0 })
  const documents = reply.documents ?? []
  const hasPiece = reply.lobTuple !== undefined || reply.lobData !== undefined
  w.i64(reply.contextId ?? -1n, 'contextId')
  w.i32(reply.flags ?? 0, 'flags')
  w.i32(reply.startFrom ?? 0, 'startFrom')
  w.i32(reply.numReturned ?? (documents.length === 0 && hasPiece ? 1 : documents.length), 'numReturned')
  if (v === HeaderVersion.V2) {
    w.i32(reply.returnMask ?? 0, 'returnMask')
    w.i32(reply.dataLen ?? 0, 'dataLen')
  }
  documents.forEach((doc, k) => {
    // Align before each document but the first, so nothing pads the last one.
    if (k > 0) w.pad4()
    w.document(doc)
  })
  if (hasPiece) {
    if (documents.length > 0) w.pad4()
    const data = reply.lobData ?? Buffer.alloc(0)
    w.u32(reply.lobTuple?.len ?? data.length, 'lob len')
    w.u32(reply.lobTuple?.sequence ?? 0, 'lob sequence')
    w.i64(reply.lobTuple?.offset ?? 0n, 'lob offset')
    w.bytes(data)
  }
  if (w.pos > Sizes.MAX_MESSAGE) {
    throw new SdbApiError(`The reply is ${String(w.pos)} bytes, more than the 512 MiB limit`)
  }
  w.patchI32(0, w.pos)
  return w.result()
}

/**
 * Decodes one whole reply message. Documents are read until `numReturned` or the end of the
 * message, stepping by `align4(size)` as the C driver does, so padded and unpadded tails are
 * both accepted. Throws {@link SdbProtocolError} on malformed bytes.
 */
export function decodeReply(bytes: Uint8Array, headerVersion: HeaderVersion = HeaderVersion.V2): SdbReplyMessage {
  try {
    const { header, reader: r } = readHeader(bytes, headerVersion)
    if (!isReplyOpCode(header.opCode)) r.fail(`opCode ${String(header.opCode)} is not a reply`, ErrorCode.UNEXPECTED_RESULT)
    const min = headerVersion === HeaderVersion.V1 ? Sizes.REPLY_HEADER_V1 : Sizes.REPLY_HEADER_V2
    if (bytes.length < min) r.fail(`a reply needs at least ${String(min)} bytes`, ErrorCode.NET_BROKEN_MSG)
    const opCode = requestOpCodeOf(header.opCode)
    const contextId = r.i64('contextID')
    const flags = r.i32('flags')
    const startFrom = r.i32('startFrom')
    const numReturned = r.i32('numReturned')
    const returnMask = headerVersion === HeaderVersion.V2 ? r.i32('returnMask') : 0
    const dataLen = headerVersion === HeaderVersion.V2 ? r.i32('dataLen') : 0
    const documents: BsonDocument[] = []
    let lobTuple: LobTuple | undefined
    let lobData: Buffer | undefined
    const pieceOnly = opCode === OpCode.LOB_READ && flags === 0
    if (!pieceOnly) {
      while (documents.length < numReturned && r.remaining() >= 5) {
        documents.push(r.document('reply document'))
        r.align4()
      }
    }
    if ((pieceOnly || opCode === OpCode.LOB_OPEN) && r.remaining() >= 16) {
      lobTuple = { len: r.u32('lob len'), sequence: r.u32('lob sequence'), offset: r.i64('lob offset') }
      lobData = r.take(lobTuple.len, 'LOB data')
    }
    if (r.remaining() > 3 || r.buf.subarray(r.pos, r.end).some((b) => b !== 0)) r.fail('unexpected bytes after the reply body')
    const reply: SdbReply = {
      opCode,
      contextId,
      flags,
      startFrom,
      numReturned,
      returnMask,
      dataLen,
      documents,
      ...(lobTuple === undefined ? {} : { lobTuple, lobData }),
    }
    return { header, reply }
  } catch (e) {
    if (e instanceof SdbProtocolError) throw e
    if (e instanceof SdbError) throw new SdbProtocolError(e.message, ErrorCode.NET_BROKEN_MSG, { cause: e })
    throw new SdbProtocolError(`Malformed reply: ${e instanceof Error ? e.message : String(e)}`, ErrorCode.NET_BROKEN_MSG, { cause: e })
  }
}
