/** Update, opCode 2001 (`msg.h: MsgOpUpdate`): condition, rule, hint. */
import type { BsonDocument } from '../bson.js'
import type { ByteReader, ByteWriter } from './byte-io.js'
import { readDocuments, readFixed, readName, writeDocuments, writeFixed, writeName, type NamedOpCommon } from './named-op.js'

/** Update of the records matching `condition` with `rule` (`{$set: ...}`). */
export interface UpdateRequest extends NamedOpCommon {
  readonly kind: 'update'
  /** `UpdateFlag` bits. */
  readonly flags: number
  readonly name: string
  readonly condition: BsonDocument
  readonly rule: BsonDocument
  /** Index hint; may carry `$SetOnInsert` for upserts. */
  readonly hint: BsonDocument
}

/** Writes the update body (internal to the protocol module; see the layout above). */
export function encodeUpdateBody(w: ByteWriter, req: UpdateRequest): void {
  const at = writeFixed(w, req, req.flags)
  writeName(w, at, req.name)
  writeDocuments(w, [req.condition, req.rule, req.hint])
}

/** Reads the update body (internal to the protocol module; see the layout above). */
export function decodeUpdateBody(r: ByteReader): UpdateRequest {
  const fixed = readFixed(r)
  const name = readName(r, fixed.nameLength)
  const docs = readDocuments(r, 'update', ['condition', 'rule', 'hint'])
  const [condition = {}, rule = {}, hint = {}] = docs
  return { kind: 'update', catalogVersion: fixed.catalogVersion, w: fixed.w, padding: fixed.padding, flags: fixed.flags, name, condition, rule, hint }
}
