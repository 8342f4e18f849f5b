/** Delete, opCode 2006 (`msg.h: MsgOpDelete`): condition, hint. */
import type { BsonDocument } from '../bson.js'
import type { ByteReader, ByteWriter } from './byte-io.js'
import { readDocuments, readFixed, readName, writeDocuments, writeFixed, writeName, type NamedOpCommon } from './named-op.js'

/** Delete of the records matching `condition`. */
export interface DeleteRequest extends NamedOpCommon {
  readonly kind: 'delete'
  /** `DeleteFlag` bits. */
  readonly flags: number
  readonly name: string
  readonly condition: BsonDocument
  readonly hint: BsonDocument
}

/** Writes the delete body (internal to the protocol module; see the layout above). */
export function encodeDeleteBody(w: ByteWriter, req: DeleteRequest): void {
  const at = writeFixed(w, req, req.flags)
  writeName(w, at, req.name)
  writeDocuments(w, [req.condition, req.hint])
}

/** Reads the delete body (internal to the protocol module; see the layout above). */
export function decodeDeleteBody(r: ByteReader): DeleteRequest {
  const fixed = readFixed(r)
  const name = readName(r, fixed.nameLength)
  const docs = readDocuments(r, 'delete', ['condition', 'hint'])
  const [condition = {}, hint = {}] = docs
  return { kind: 'delete', catalogVersion: fixed.catalogVersion, w: fixed.w, padding: fixed.padding, flags: fixed.flags, name, condition, hint }
}
