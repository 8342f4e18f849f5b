/** Insert, opCode 2002 (`msg.h: MsgOpInsert`; hint: `common.c: clientAppendHint2InsertMsg`). */
import type { BsonDocument } from '../bson.js'
import type { ByteReader, ByteWriter } from './byte-io.js'
import { InsertFlag } from './constants.js'
import { readFixed, readName, writeFixed, writeName, type NamedOpCommon } from './named-op.js'

/**
 * Insert of one or more documents. With `hint`, the flag `InsertFlag.HASHINT` is set and the
 * hint follows the documents after a 4-byte zero marker (`MSG_HINT_MARK_LEN`).
 */
export interface InsertRequest extends NamedOpCommon {
  readonly kind: 'insert'
  /** `InsertFlag` bits (HASHINT is managed from `hint`). */
  readonly flags: number
  readonly name: string
  readonly documents: readonly BsonDocument[]
  readonly hint?: BsonDocument | undefined
}

/** Writes the insert body (internal to the protocol module; see the layout above). */
export function encodeInsertBody(w: ByteWriter, req: InsertRequest): void {
  const flags = req.hint === undefined ? req.flags & ~InsertFlag.HASHINT : req.flags | InsertFlag.HASHINT
  const at = writeFixed(w, req, flags)
  writeName(w, at, req.name)
  for (const doc of req.documents) {
    w.document(doc)
    w.pad4()
  }
  if (req.hint !== undefined) {
    w.i32(0, 'hint marker')
    w.document(req.hint)
    w.pad4()
  }
}

/** Reads the insert body (internal to the protocol module; see the layout above). */
export function decodeInsertBody(r: ByteReader): InsertRequest {
  const fixed = readFixed(r)
  const name = readName(r, fixed.nameLength)
  const documents: BsonDocument[] = []
  let hint: BsonDocument | undefined
  while (r.remaining() > 0) {
    if (r.remaining() >= 4 && r.buf.readInt32LE(r.pos) === 0 && (fixed.flags & InsertFlag.HASHINT) !== 0) {
      r.pos += 4
      hint = r.document('hint')
      r.align4()
      break
    }
    documents.push(r.document('record'))
    r.align4()
  }
  if (r.remaining() > 0) r.fail('bytes after the insert hint')
  return {
    kind: 'insert',
    catalogVersion: fixed.catalogVersion,
    w: fixed.w,
    padding: fixed.padding,
    flags: fixed.flags,
    name,
    documents,
    ...(hint === undefined ? {} : { hint }),
  }
}
