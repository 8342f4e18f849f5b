// The one place where operations meet the protocol module's request shapes.
import type { BsonDocument } from '../bson.js'
import { OpCode, QueryFlag } from '../protocol/constants.js'
import type { SdbRequest } from '../protocol/index.js'

/** Flags of C-driver commands that return a cursor (`_runCommand2` with a cursor). */
export const COMMAND_CURSOR_FLAGS = QueryFlag.WITH_RETURNDATA | QueryFlag.CLOSE_EOF_CTX

/** Flags the C driver adds to every collection query (`_sdbQuery`). */
export const DATA_QUERY_FLAGS = QueryFlag.WITH_RETURNDATA | QueryFlag.CLOSE_EOF_CTX | QueryFlag.PREPARE_MORE

const EMPTY: BsonDocument = {}

/** The numbers and documents of one query message. */
export interface QueryFields {
  readonly condition?: BsonDocument | undefined
  readonly selector?: BsonDocument | undefined
  readonly orderBy?: BsonDocument | undefined
  readonly hint?: BsonDocument | undefined
  readonly flags: number
  readonly skip: number
  readonly limit: number
}

/** A query on `"$" + command` (contract §10.1). */
export function commandQueryRequest(command: string, fields: QueryFields): SdbRequest {
  return queryRequest(`$${command}`, fields)
}

/** A query (opCode 2004) on a collection or a `$command`. */
export function queryRequest(name: string, fields: QueryFields): SdbRequest {
  return {
    kind: 'query',
    name,
    flags: fields.flags,
    numToSkip: fields.skip,
    numToReturn: fields.limit,
    condition: fields.condition ?? EMPTY,
    selector: fields.selector ?? EMPTY,
    orderBy: fields.orderBy ?? EMPTY,
    hint: fields.hint ?? EMPTY,
  }
}

/** Insert (2002) of one or more records. */
export function insertRequest(name: string, documents: readonly BsonDocument[], flags: number): SdbRequest {
  return { kind: 'insert', name, flags, documents }
}

/** Update (2001): condition, rule, hint. */
export function updateRequest(name: string, condition: BsonDocument | undefined, rule: BsonDocument, hint: BsonDocument | undefined, flags: number): SdbRequest {
  return { kind: 'update', name, flags, condition: condition ?? EMPTY, rule, hint: hint ?? EMPTY }
}

/** Delete (2006): condition, hint. */
export function deleteRequest(name: string, condition: BsonDocument | undefined, hint: BsonDocument | undefined, flags: number): SdbRequest {
  return { kind: 'delete', name, flags, condition: condition ?? EMPTY, hint: hint ?? EMPTY }
}

/** Aggregate (2019): one document per stage. */
export function aggregateRequest(name: string, pipeline: readonly BsonDocument[], flags: number): SdbRequest {
  return { kind: 'aggregate', name, flags, pipeline }
}

/** GetMore (2005) with numToReturn -1, as C and Java send. */
export function getMoreRequest(contextId: bigint): SdbRequest {
  return { kind: 'getMore', contextId, numToReturn: -1 }
}

/** KillContexts (2007). */
export function killContextsRequest(contextIds: readonly bigint[]): SdbRequest {
  return { kind: 'killContexts', contextIds }
}

/** SQL (2003): text and one NUL, not padded (C form). */
export function sqlRequest(sql: string): SdbRequest {
  return { kind: 'sql', sql }
}

/** Transaction begin in the C driver's 72-byte form. */
export function transBeginRequest(): SdbRequest {
  return { kind: 'transBegin', transId: 0n }
}

/** Transaction commit in the C driver's form (an empty hint after the header). */
export function transCommitRequest(): SdbRequest {
  return { kind: 'transCommit', hint: EMPTY }
}

/** Transaction rollback in the C driver's form: declared 72 bytes, 16 of them unused. */
export function transRollbackRequest(): SdbRequest {
  return { kind: 'transRollback', trailer: new Uint8Array(16) }
}

/** Disconnect (2008), header only. */
export function disconnectRequest(): SdbRequest {
  return { kind: 'disconnect' }
}

/** Interrupt (2009), header only. */
export function interruptRequest(): SdbRequest {
  return { kind: 'interrupt' }
}

/** Create user (7001) or delete user (7002), C form (not padded). */
export function userRequest(which: 'createUser' | 'deleteUser', document: BsonDocument): SdbRequest {
  return { kind: 'auth', opCode: which === 'createUser' ? OpCode.AUTH_CREATE_USER : OpCode.AUTH_DELETE_USER, document }
}

/** LOB open (8001): meta `{Collection, Oid, Mode}`. */
export function lobOpenRequest(meta: BsonDocument, flags: number): SdbRequest {
  return { kind: 'lob', opCode: OpCode.LOB_OPEN, w: 1, flags, contextId: -1n, meta }
}

/** LOB write (8002): a tuple and the data. */
export function lobWriteRequest(contextId: bigint, data: Uint8Array, offset: bigint): SdbRequest {
  return { kind: 'lob', opCode: OpCode.LOB_WRITE, w: 1, flags: 0, contextId, tuple: { len: data.length, offset }, data }
}

/** LOB read (8003): a tuple with the length and absolute offset wanted. */
export function lobReadRequest(contextId: bigint, length: number, offset: bigint): SdbRequest {
  return { kind: 'lob', opCode: OpCode.LOB_READ, w: 1, flags: 0, contextId, tuple: { len: length, offset } }
}

/** LOB close (8006). */
export function lobCloseRequest(contextId: bigint): SdbRequest {
  return { kind: 'lob', opCode: OpCode.LOB_CLOSE, w: 1, flags: 0, contextId }
}

/** LOB remove (8004): meta `{Collection, Oid}`. */
export function lobRemoveRequest(meta: BsonDocument): SdbRequest {
  return { kind: 'lob', opCode: OpCode.LOB_REMOVE, w: 1, flags: 0, contextId: -1n, meta }
}

/** LOB truncate (8008): meta `{Collection, Oid, Length}`. */
export function lobTruncateRequest(meta: BsonDocument): SdbRequest {
  return { kind: 'lob', opCode: OpCode.LOB_TRUNCATE, w: 1, flags: 0, contextId: -1n, meta }
}
