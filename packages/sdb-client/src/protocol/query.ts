/** Query, opCode 2004 (`msg.h: MsgOpQuery`); also the sequence fetch 2022, which shares the layout. */
import type { BsonDocument } from '../bson.js'
import type { ByteReader, ByteWriter, Int64Input } from './byte-io.js'
import { OpCode } from './constants.js'
import { readDocuments, readFixed, readName, writeDocuments, writeFixed, writeName, type NamedOpCommon } from './named-op.js'

/**
 * A query on a collection (`"cs.cl"`) or an administrative command (`"$list groups"`).
 * Documents go on the wire in the order condition, selector, orderBy, hint.
 */
export interface QueryRequest extends NamedOpCommon {
  readonly kind: 'query'
  /** 2004, or 2022 for a sequence fetch (same layout). Default 2004. */
  readonly opCode?: typeof OpCode.QUERY | typeof OpCode.SEQUENCE_FETCH
  /** `QueryFlag` bits. */
  readonly flags: number
  readonly name: string
  /** Rows to skip (drivers send -1 or 0 for commands). */
  readonly numToSkip: Int64Input
  /** Row limit, -1 = all. */
  readonly numToReturn: Int64Input
  readonly condition: BsonDocument
  readonly selector: BsonDocument
  readonly orderBy: BsonDocument
  readonly hint: BsonDocument
}

/** Writes the query body (internal to the protocol module; see the layout above). */
export function encodeQueryBody(w: ByteWriter, req: QueryRequest): void {
  const at = writeFixed(w, req, req.flags)
  w.i64(req.numToSkip, 'numToSkip')
  w.i64(req.numToReturn, 'numToReturn')
  writeName(w, at, req.name)
  writeDocuments(w, [req.condition, req.selector, req.orderBy, req.hint])
}

/** Reads the query body (internal to the protocol module; see the layout above). */
export function decodeQueryBody(r: ByteReader, opCode: number): QueryRequest {
  const fixed = readFixed(r)
  const numToSkip = r.i64('numToSkip')
  const numToReturn = r.i64('numToReturn')
  const name = readName(r, fixed.nameLength)
  const docs = readDocuments(r, 'query', ['condition', 'selector', 'orderBy', 'hint'])
  const [condition = {}, selector = {}, orderBy = {}, hint = {}] = docs
  return {
    kind: 'query',
    opCode: opCode === OpCode.SEQUENCE_FETCH ? OpCode.SEQUENCE_FETCH : OpCode.QUERY,
    catalogVersion: fixed.catalogVersion,
    w: fixed.w,
    padding: fixed.padding,
    flags: fixed.flags,
    name,
    numToSkip,
    numToReturn,
    condition,
    selector,
    orderBy,
    hint,
  }
}
