import { Long, ObjectId, type BsonDocument, type BsonValue } from '@canopy/sdb-client/bson'
import type { IndexDefinition } from './types.js'

/**
 * Turns an `IndexDef` document (as the catalog stores it and `$get indexes` shows it) back into
 * an {@link IndexDefinition}. Used when definitions travel through the oplog or are reloaded.
 */
export function indexDefinitionFromDocument(document: BsonDocument): IndexDefinition {
  const name = document['name']
  const key = document['key']
  if (typeof name !== 'string' || !isDocument(key)) {
    throw new TypeError('index definition without name or key')
  }
  const uniqueIdValue = document['UniqueID']
  return {
    name,
    key,
    unique: document['unique'] === true,
    enforced: document['enforced'] === true,
    notNull: document['NotNull'] === true,
    notArray: document['NotArray'] === true,
    uniqueId: uniqueIdValue instanceof Long ? uniqueIdValue.toBigInt() : 0n,
    document,
  }
}

/**
 * Builds the `IndexDef` document in the real server's field order (contract §10.4:
 * name, _id, UniqueID, key, v, unique, dropDups, enforced, NotNull, NotArray, Global, Standalone).
 */
export function buildIndexDefinition(spec: {
  name: string
  key: BsonDocument
  unique: boolean
  enforced: boolean
  notNull: boolean
  notArray: boolean
  uniqueId: bigint
  id?: ObjectId
}): IndexDefinition {
  const document: BsonDocument = {
    name: spec.name,
    _id: spec.id ?? new ObjectId(),
    UniqueID: Long.fromBigInt(spec.uniqueId),
    key: spec.key,
    v: 0,
    unique: spec.unique,
    dropDups: false,
    enforced: spec.enforced,
    NotNull: spec.notNull,
    NotArray: spec.notArray,
    Global: false,
    Standalone: false,
  }
  return { ...spec, document }
}

/** The `$id` index every collection gets, on `{_id: 1}`, unique and enforced. */
export function idIndexDefinition(uniqueId: bigint): IndexDefinition {
  return buildIndexDefinition({
    name: '$id',
    key: { _id: 1 },
    unique: true,
    enforced: true,
    notNull: false,
    notArray: true,
    uniqueId,
  })
}

/** True for a plain embedded document (not an array, not a BSON value class). */
export function isDocument(value: BsonValue | undefined): value is BsonDocument {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Reads a dotted path (`a.b.c`) through embedded documents; undefined when a step is missing or
 * not a document. Used for the -38 `IndexValue` extra, which shows the key fields' values.
 */
export function readPath(doc: BsonDocument, path: string): BsonValue | undefined {
  let current: BsonValue | undefined = doc
  for (const step of path.split('.')) {
    if (!isDocument(current)) return undefined
    current = current[step]
  }
  return current
}
