/**
 * The fixed part shared by query, insert, update, delete and aggregate requests
 * (`msg.h: MsgOpQuery/MsgOpInsert/MsgOpUpdate/MsgOpDelete/MsgOpAggregate`):
 * i32 version, i16 w, i16 padding, i32 flags, i32 nameLength (query adds skip/return), then
 * the NUL-terminated name padded to 4.
 */
import type { BsonDocument } from '../bson.js'
import type { ByteReader, ByteWriter } from './byte-io.js'

/** Fields of the fixed part that drivers leave at their defaults. */
export interface NamedOpCommon {
  /** Collection catalog version; drivers send 1 (`CATALOG_DEFAULT_VERSION`). */
  readonly catalogVersion?: number
  /** Replica write concern; drivers send 0. */
  readonly w?: number
  /** Never written by the C driver (stale bytes); we send 0. */
  readonly padding?: number
}

/** Writes the fixed (internal to the protocol module; see the layout above). */
export function writeFixed(w: ByteWriter, req: NamedOpCommon, flags: number): number {
  w.i32(req.catalogVersion ?? 1, 'catalogVersion')
  w.i16(req.w ?? 0, 'w')
  w.i16(req.padding ?? 0, 'padding')
  w.i32(flags, 'flags')
  const nameLengthAt = w.pos
  w.i32(0, 'nameLength')
  return nameLengthAt
}

/** Writes the name (internal to the protocol module; see the layout above). */
export function writeName(w: ByteWriter, nameLengthAt: number, name: string): void {
  const len = w.cstring(name, 'A collection or command name')
  w.patchI32(nameLengthAt, len)
  w.pad4()
}

export interface FixedPart {
  catalogVersion: number
  w: number
  padding: number
  flags: number
  nameLength: number
}

/** Reads the fixed (internal to the protocol module; see the layout above). */
export function readFixed(r: ByteReader): FixedPart {
  return {
    catalogVersion: r.i32('catalogVersion'),
    w: r.i16('w'),
    padding: r.i16('padding'),
    flags: r.i32('flags'),
    nameLength: r.i32('nameLength'),
  }
}

/** Reads the name (internal to the protocol module; see the layout above). */
export function readName(r: ByteReader, nameLength: number): string {
  const name = r.name(nameLength, 'name')
  r.align4()
  return name
}

/** Writes the trailing documents, each padded to 4 (query, update and delete end this way). */
export function writeDocuments(w: ByteWriter, docs: readonly BsonDocument[]): void {
  for (const doc of docs) {
    w.document(doc)
    w.pad4()
  }
}

/**
 * Reads the trailing documents named in `what`, each padded to 4; all are required, so a body
 * that ends early is malformed rather than defaulted.
 */
export function readDocuments(r: ByteReader, op: string, what: readonly string[]): BsonDocument[] {
  const words = ['', 'one', 'two', 'three', 'four']
  return what.map((name) => {
    if (r.remaining() <= 0) r.fail(`${op} has no ${name} document (${words[what.length] ?? String(what.length)} are required)`)
    const doc = r.document(name)
    r.align4()
    return doc
  })
}
