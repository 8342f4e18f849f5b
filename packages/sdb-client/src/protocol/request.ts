/** Every request a client can send, with one encoder and one total decoder. */
import { ErrorCode, SdbApiError, SdbError, SdbProtocolError } from '../errors.js'
import { type ByteReader, ByteWriter } from './byte-io.js'
import { decodeAggregateBody, encodeAggregateBody, type AggregateRequest } from './aggregate.js'
import { decodeAuthBody, encodeAuthBody, isAuthOpCode, type AuthRequest } from './auth.js'
import { HeaderVersion, OpCode, Sizes, isReplyOpCode } from './constants.js'
import type { DisconnectRequest, InterruptRequest, InterruptSelfRequest } from './control.js'
import { decodeDeleteBody, encodeDeleteBody, type DeleteRequest } from './delete.js'
import { decodeGetMoreBody, encodeGetMoreBody, type GetMoreRequest } from './get-more.js'
import { readHeader, writeHeader, type HeaderOptions, type MessageHeader } from './header.js'
import { decodeInsertBody, encodeInsertBody, type InsertRequest } from './insert.js'
import { decodeKillContextsBody, encodeKillContextsBody, type KillContextsRequest } from './kill-contexts.js'
import { decodeLobBody, encodeLobBody, isLobOpCode, type LobRequest } from './lob.js'
import { decodeQueryBody, encodeQueryBody, type QueryRequest } from './query.js'
import { decodeTextBody, encodeTextBody, type MessageRequest, type SqlRequest } from './text.js'
import {
  decodeTransBeginBody,
  decodeTransCommitBody,
  decodeTransRollbackBody,
  encodeTransBeginBody,
  encodeTransCommitBody,
  encodeTransRollbackBody,
  type TransBeginRequest,
  type TransCommitRequest,
  type TransRollbackRequest,
} from './transaction.js'
import { decodeUpdateBody, encodeUpdateBody, type UpdateRequest } from './update.js'

/** A message this module does not model (e.g. 2030 advance): opCode and raw body. */
export interface UnknownRequest {
  readonly kind: 'unknown'
  readonly opCode: number
  readonly body: Uint8Array
}

/** Every client request, discriminated by `kind`. */
export type SdbRequest =
  | QueryRequest
  | InsertRequest
  | UpdateRequest
  | DeleteRequest
  | GetMoreRequest
  | KillContextsRequest
  | DisconnectRequest
  | InterruptRequest
  | InterruptSelfRequest
  | TransBeginRequest
  | TransCommitRequest
  | TransRollbackRequest
  | SqlRequest
  | MessageRequest
  | AggregateRequest
  | AuthRequest
  | LobRequest
  | UnknownRequest

/** A decoded request message: its header and its typed request. */
export interface SdbRequestMessage {
  readonly header: MessageHeader
  readonly request: SdbRequest
}

type RequestKind = SdbRequest['kind']
type RequestOf<K extends RequestKind> = Extract<SdbRequest, { kind: K }>

/**
 * One row per request kind: the opCode it is sent with and how its body is written. A table
 * rather than switches, so adding a message is one entry the compiler checks for completeness.
 */
const codecs: { readonly [K in RequestKind]: { readonly opCode: (req: RequestOf<K>) => number; readonly encode: (w: ByteWriter, req: RequestOf<K>) => void } } = {
  query: { opCode: (req) => req.opCode ?? OpCode.QUERY, encode: encodeQueryBody },
  insert: { opCode: () => OpCode.INSERT, encode: encodeInsertBody },
  update: { opCode: () => OpCode.UPDATE, encode: encodeUpdateBody },
  delete: { opCode: () => OpCode.DELETE, encode: encodeDeleteBody },
  aggregate: { opCode: () => OpCode.AGGREGATE, encode: encodeAggregateBody },
  getMore: { opCode: () => OpCode.GET_MORE, encode: encodeGetMoreBody },
  killContexts: { opCode: () => OpCode.KILL_CONTEXTS, encode: encodeKillContextsBody },
  disconnect: { opCode: () => OpCode.DISCONNECT, encode: noBody },
  interrupt: { opCode: () => OpCode.INTERRUPT, encode: noBody },
  interruptSelf: { opCode: () => OpCode.INTERRUPT_SELF, encode: noBody },
  transBegin: { opCode: () => OpCode.TRANS_BEGIN, encode: encodeTransBeginBody },
  transCommit: { opCode: () => OpCode.TRANS_COMMIT, encode: encodeTransCommitBody },
  transRollback: { opCode: () => OpCode.TRANS_ROLLBACK, encode: encodeTransRollbackBody },
  sql: { opCode: () => OpCode.SQL, encode: (w, req) => { encodeTextBody(w, req.sql, req.padded) } },
  message: { opCode: () => OpCode.MSG, encode: (w, req) => { encodeTextBody(w, req.text, req.padded) } },
  auth: { opCode: (req) => req.opCode, encode: encodeAuthBody },
  lob: { opCode: (req) => req.opCode, encode: encodeLobBody },
  unknown: { opCode: (req) => req.opCode, encode: (w, req) => { w.bytes(req.body) } },
}

function noBody(): void {
  // Disconnect and the interrupts are a bare header.
}

/** The codec row of a request. TypeScript cannot correlate `req.kind` with the row's parameter type, hence the one widening here. */
function codecOf(req: SdbRequest): { opCode: (req: SdbRequest) => number; encode: (w: ByteWriter, req: SdbRequest) => void } {
  return codecs[req.kind] as { opCode: (req: SdbRequest) => number; encode: (w: ByteWriter, req: SdbRequest) => void }
}

/** The opCode a request is sent with. */
export function requestOpCode(req: SdbRequest): number {
  return codecOf(req).opCode(req)
}

/** False for the three messages the server never answers (`msgMessage.hpp: isNoReplyMsg`). */
export function expectsReply(req: SdbRequest): boolean {
  const op = requestOpCode(req)
  return op !== OpCode.DISCONNECT && op !== OpCode.INTERRUPT && op !== OpCode.INTERRUPT_SELF
}

/**
 * Encodes a request with a V2 (default) or V1 header. Throws {@link SdbApiError} (code -6) for
 * values that do not fit their wire fields or cannot be stored in BSON.
 */
export function encodeRequest(req: SdbRequest, header: HeaderOptions = {}): Buffer {
  const w = new ByteWriter(initialSize(req))
  const codec = codecOf(req)
  writeHeader(w, codec.opCode(req), header)
  codec.encode(w, req)
  if (w.pos > Sizes.MAX_MESSAGE) {
    throw new SdbApiError(`The message is ${String(w.pos)} bytes, more than the 512 MiB limit`)
  }
  w.patchI32(0, w.pos)
  if (req.kind === 'insert' && req.documents.length > 0) {
    insertBytesPerDocument = Math.ceil(w.pos / req.documents.length)
  }
  // The buffer was sized for this message, so handing out a view saves a copy of every bulk
  // insert; only a badly oversized buffer (a guess far above the real size) is trimmed.
  return w.buf.length - w.pos > (w.pos >>> 1) + 1024 ? w.result() : w.view()
}

/** Bytes per record of the last insert: batches repeat their shape, so the next one is sized by it. */
let insertBytesPerDocument = 128

/**
 * A first buffer size close to the message's, so a batch is written without regrowing and
 * copying the buffer several times over.
 */
function initialSize(req: SdbRequest): number {
  if (req.kind !== 'insert') return 1024
  const estimate = Math.ceil(req.documents.length * insertBytesPerDocument * 1.125) + 1024
  // Past a few MiB a wrong guess costs more than regrowing.
  return Math.min(estimate, 8 * 1024 * 1024)
}

/** Body decoders by opCode; auth and LOB opCodes are ranges, handled after this table. */
const bodyDecoders = new Map<number, (r: ByteReader, op: number) => SdbRequest>([
  [OpCode.QUERY, decodeQueryBody],
  [OpCode.SEQUENCE_FETCH, decodeQueryBody],
  [OpCode.INSERT, decodeInsertBody],
  [OpCode.UPDATE, decodeUpdateBody],
  [OpCode.DELETE, decodeDeleteBody],
  [OpCode.AGGREGATE, decodeAggregateBody],
  [OpCode.GET_MORE, decodeGetMoreBody],
  [OpCode.KILL_CONTEXTS, decodeKillContextsBody],
  [OpCode.DISCONNECT, () => ({ kind: 'disconnect' })],
  [OpCode.INTERRUPT, () => ({ kind: 'interrupt' })],
  [OpCode.INTERRUPT_SELF, () => ({ kind: 'interruptSelf' })],
  [OpCode.TRANS_BEGIN, decodeTransBeginBody],
  [OpCode.TRANS_COMMIT, decodeTransCommitBody],
  [OpCode.TRANS_ROLLBACK, decodeTransRollbackBody],
  [OpCode.SQL, (r) => { const { text, padded } = decodeTextBody(r); return { kind: 'sql', sql: text, padded } }],
  [OpCode.MSG, (r) => { const { text, padded } = decodeTextBody(r); return { kind: 'message', text, padded } }],
])

/**
 * Decodes one whole request message (as framed by {@link FrameDecoder}). Total: any bytes give
 * a typed request or an {@link SdbProtocolError} (code -6 for a malformed body, as the server
 * answers; -84 for a broken header). Unknown opCodes come back as `kind: 'unknown'`.
 */
export function decodeRequest(bytes: Uint8Array, headerVersion: HeaderVersion = HeaderVersion.V2): SdbRequestMessage {
  try {
    const { header, reader: r } = readHeader(bytes, headerVersion)
    const op = header.opCode
    if (isReplyOpCode(op)) r.fail(`opCode 0x${(op >>> 0).toString(16)} is a reply, not a request`)
    const decode = bodyDecoders.get(op)
    let request: SdbRequest
    if (decode) request = decode(r, op)
    else if (isAuthOpCode(op)) request = decodeAuthBody(r, op)
    else if (isLobOpCode(op)) request = decodeLobBody(r, op)
    else request = { kind: 'unknown', opCode: op, body: r.take(r.remaining()) }
    return { header, request }
  } catch (e) {
    if (e instanceof SdbProtocolError) throw e
    if (e instanceof SdbError) throw new SdbProtocolError(e.message, ErrorCode.INVALIDARG, { cause: e })
    throw new SdbProtocolError(`Malformed message: ${e instanceof Error ? e.message : String(e)}`, ErrorCode.INVALIDARG, { cause: e })
  }
}
