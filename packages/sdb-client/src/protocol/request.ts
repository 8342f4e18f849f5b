/** Every request a client can send, with one encoder and one total decoder. */
import { ErrorCode, SdbApiError, SdbError, SdbProtocolError } from '../errors.js'
import { ByteWriter } from './byte-io.js'
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

/** The opCode a request is sent with. */
export function requestOpCode(req: SdbRequest): number {
  switch (req.kind) {
    case 'query':
      return req.opCode ?? OpCode.QUERY
    case 'insert':
      return OpCode.INSERT
    case 'update':
      return OpCode.UPDATE
    case 'delete':
      return OpCode.DELETE
    case 'getMore':
      return OpCode.GET_MORE
    case 'killContexts':
      return OpCode.KILL_CONTEXTS
    case 'disconnect':
      return OpCode.DISCONNECT
    case 'interrupt':
      return OpCode.INTERRUPT
    case 'interruptSelf':
      return OpCode.INTERRUPT_SELF
    case 'transBegin':
      return OpCode.TRANS_BEGIN
    case 'transCommit':
      return OpCode.TRANS_COMMIT
    case 'transRollback':
      return OpCode.TRANS_ROLLBACK
    case 'sql':
      return OpCode.SQL
    case 'message':
      return OpCode.MSG
    case 'aggregate':
      return OpCode.AGGREGATE
    case 'auth':
    case 'lob':
    case 'unknown':
      return req.opCode
  }
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
  writeHeader(w, requestOpCode(req), header)
  switch (req.kind) {
    case 'query':
      encodeQueryBody(w, req)
      break
    case 'insert':
      encodeInsertBody(w, req)
      break
    case 'update':
      encodeUpdateBody(w, req)
      break
    case 'delete':
      encodeDeleteBody(w, req)
      break
    case 'aggregate':
      encodeAggregateBody(w, req)
      break
    case 'getMore':
      encodeGetMoreBody(w, req)
      break
    case 'killContexts':
      encodeKillContextsBody(w, req)
      break
    case 'disconnect':
    case 'interrupt':
    case 'interruptSelf':
      break
    case 'transBegin':
      encodeTransBeginBody(w, req)
      break
    case 'transCommit':
      encodeTransCommitBody(w, req)
      break
    case 'transRollback':
      encodeTransRollbackBody(w, req)
      break
    case 'sql':
      encodeTextBody(w, req.sql, req.padded)
      break
    case 'message':
      encodeTextBody(w, req.text, req.padded)
      break
    case 'auth':
      encodeAuthBody(w, req)
      break
    case 'lob':
      encodeLobBody(w, req)
      break
    case 'unknown':
      w.bytes(req.body)
      break
  }
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
    let request: SdbRequest
    switch (op) {
      case OpCode.QUERY:
      case OpCode.SEQUENCE_FETCH:
        request = decodeQueryBody(r, op)
        break
      case OpCode.INSERT:
        request = decodeInsertBody(r)
        break
      case OpCode.UPDATE:
        request = decodeUpdateBody(r)
        break
      case OpCode.DELETE:
        request = decodeDeleteBody(r)
        break
      case OpCode.AGGREGATE:
        request = decodeAggregateBody(r)
        break
      case OpCode.GET_MORE:
        request = decodeGetMoreBody(r)
        break
      case OpCode.KILL_CONTEXTS:
        request = decodeKillContextsBody(r)
        break
      case OpCode.DISCONNECT:
        request = { kind: 'disconnect' }
        break
      case OpCode.INTERRUPT:
        request = { kind: 'interrupt' }
        break
      case OpCode.INTERRUPT_SELF:
        request = { kind: 'interruptSelf' }
        break
      case OpCode.TRANS_BEGIN:
        request = decodeTransBeginBody(r)
        break
      case OpCode.TRANS_COMMIT:
        request = decodeTransCommitBody(r)
        break
      case OpCode.TRANS_ROLLBACK:
        request = decodeTransRollbackBody(r)
        break
      case OpCode.SQL: {
        const { text, padded } = decodeTextBody(r)
        request = { kind: 'sql', sql: text, padded }
        break
      }
      case OpCode.MSG: {
        const { text, padded } = decodeTextBody(r)
        request = { kind: 'message', text, padded }
        break
      }
      default:
        if (isAuthOpCode(op)) request = decodeAuthBody(r, op)
        else if (isLobOpCode(op)) request = decodeLobBody(r, op)
        else request = { kind: 'unknown', opCode: op, body: r.take(r.remaining()) }
    }
    return { header, request }
  } catch (e) {
    if (e instanceof SdbProtocolError) throw e
    if (e instanceof SdbError) throw new SdbProtocolError(e.message, ErrorCode.INVALIDARG, { cause: e })
    throw new SdbProtocolError(`Malformed message: ${e instanceof Error ? e.message : String(e)}`, ErrorCode.INVALIDARG, { cause: e })
  }
}
