/**
 * Transactions 2010/2011/2012 (`msg.h: MsgOpTransBegin`, `MsgOpTransCommit`,
 * `MsgOpTransRollback`). The C driver sends begin as header + u64 transID + 8 reserved bytes,
 * commit with an empty hint, and rollback with a declared length of 72 of which only the
 * header is written; Java sends all three as the bare header. Both forms are kept.
 */
import type { BsonDocument } from '../bson.js'
import type { ByteReader, ByteWriter, Int64Input } from './byte-io.js'

/** Begin a transaction. */
export interface TransBeginRequest {
  readonly kind: 'transBegin'
  /** When set, the C driver form: transID (0) and 8 reserved bytes follow the header. */
  readonly transId?: Int64Input | undefined
}

/** Commit the transaction. */
export interface TransCommitRequest {
  readonly kind: 'transCommit'
  /** When set, the C driver form: one hint document (`{}`) follows the header. */
  readonly hint?: BsonDocument | undefined
}

/** Roll the transaction back. */
export interface TransRollbackRequest {
  readonly kind: 'transRollback'
  /** Raw bytes after the header (the C driver's 16 unwritten bytes); ignored by servers. */
  readonly trailer?: Uint8Array | undefined
}

/** Writes the trans begin body (internal to the protocol module; see the layout above). */
export function encodeTransBeginBody(w: ByteWriter, req: TransBeginRequest): void {
  if (req.transId === undefined) return
  w.i64(req.transId, 'transId')
  w.zeros(8)
}

/** Reads the trans begin body (internal to the protocol module; see the layout above). */
export function decodeTransBeginBody(r: ByteReader): TransBeginRequest {
  // Servers accept any length >= the header and ignore what follows (contract §7.8).
  if (r.remaining() >= 8) {
    const transId = r.i64('transID')
    r.pos = r.end
    return { kind: 'transBegin', transId }
  }
  r.pos = r.end
  return { kind: 'transBegin' }
}

/** Writes the trans commit body (internal to the protocol module; see the layout above). */
export function encodeTransCommitBody(w: ByteWriter, req: TransCommitRequest): void {
  if (req.hint === undefined) return
  w.document(req.hint)
  w.pad4()
}

/** Reads the trans commit body (internal to the protocol module; see the layout above). */
export function decodeTransCommitBody(r: ByteReader): TransCommitRequest {
  if (r.remaining() >= 5) {
    try {
      const hint = r.document('hint')
      r.pos = r.end
      return { kind: 'transCommit', hint }
    } catch {
      // Trailing bytes that are not a document are ignored, as the server does.
    }
  }
  r.pos = r.end
  return { kind: 'transCommit' }
}

/** Writes the trans rollback body (internal to the protocol module; see the layout above). */
export function encodeTransRollbackBody(w: ByteWriter, req: TransRollbackRequest): void {
  if (req.trailer !== undefined) w.bytes(req.trailer)
}

/** Reads the trans rollback body (internal to the protocol module; see the layout above). */
export function decodeTransRollbackBody(r: ByteReader): TransRollbackRequest {
  if (r.remaining() === 0) return { kind: 'transRollback' }
  return { kind: 'transRollback', trailer: r.take(r.remaining()) }
}
