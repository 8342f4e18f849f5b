/** Aggregate, opCode 2019 (`msg.h: MsgOpAggregate`): one document per pipeline stage. */
import type { BsonDocument } from '../bson.js'
import type { ByteReader, ByteWriter } from './byte-io.js'
import { readFixed, readName, writeFixed, writeName, type NamedOpCommon } from './named-op.js'

/** An aggregation pipeline on a collection. */
export interface AggregateRequest extends NamedOpCommon {
  readonly kind: 'aggregate'
  readonly flags: number
  readonly name: string
  readonly pipeline: readonly BsonDocument[]
}

/** Writes the aggregate body (internal to the protocol module; see the layout above). */
export function encodeAggregateBody(w: ByteWriter, req: AggregateRequest): void {
  const at = writeFixed(w, req, req.flags)
  writeName(w, at, req.name)
  for (const doc of req.pipeline) {
    w.document(doc)
    w.pad4()
  }
}

/** Reads the aggregate body (internal to the protocol module; see the layout above). */
export function decodeAggregateBody(r: ByteReader): AggregateRequest {
  const fixed = readFixed(r)
  const name = readName(r, fixed.nameLength)
  const pipeline: BsonDocument[] = []
  while (r.remaining() > 0) {
    pipeline.push(r.document('pipeline stage'))
    r.align4()
  }
  return { kind: 'aggregate', catalogVersion: fixed.catalogVersion, w: fixed.w, padding: fixed.padding, flags: fixed.flags, name, pipeline }
}
