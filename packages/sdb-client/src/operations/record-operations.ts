import { ObjectId, type BsonDocument, type BsonValue } from '../bson.js'
import { SdbApiError } from '../errors.js'
import type { SdbReply, SdbRequest } from '../protocol/index.js'
import { numberOf } from './numbers.js'
import { CursorOperation, Operation, firstDocument, type SessionInfo } from './operation.js'
import { aggregateRequest, deleteRequest, insertRequest, queryRequest, updateRequest, DATA_QUERY_FLAGS } from './requests.js'

/** Public query flags (contract §7.1.1); the driver adds the cursor flags itself. */
export const QueryFlags = {
  /** Fail if the hinted index cannot be used. */
  forceHint: 0x80,
  /** Run sub-queries in parallel on the data groups. */
  parallel: 0x100,
  /** Allow reading from a secondary. */
  slaveOk: 0x2,
  /** Tolerate missing shards. */
  partialRead: 0x20,
  /** The server never times the context out. */
  noContextTimeout: 0x8,
  /** Force the index used for sorting. */
  forceIndexBySort: 0x2000,
  /** Take U locks in a transaction. */
  forUpdate: 0x10000,
  /** Take S locks in a transaction. */
  forShare: 0x40000,
  /** Keep the sharding key in an update rule of query-and-update. */
  keepShardingKeyInUpdate: 0x8000,
} as const

// EXPLAIN and MODIFY are reached through their own calls only, as the C driver does.
const USER_FLAG_MASK = ~(0x400 | 0x1000)

/** What to read: condition, fields, order, index, paging, flags. */
export interface QueryOptions {
  readonly condition?: BsonDocument | undefined
  /** Fields to return, e.g. `{name: '', age: ''}` (contract: the values are defaults). */
  readonly selector?: BsonDocument | undefined
  readonly orderBy?: BsonDocument | undefined
  /** Index to use, e.g. `{'': 'idx_name'}`. */
  readonly hint?: BsonDocument | undefined
  readonly skip?: number | undefined
  /** -1 = all. */
  readonly limit?: number | undefined
  /** A combination of {@link QueryFlags}. */
  readonly flags?: number | undefined
}

function queryFields(options: QueryOptions, extraFlags: number, hint: BsonDocument | undefined): Parameters<typeof queryRequest>[1] {
  return {
    condition: options.condition,
    selector: options.selector,
    orderBy: options.orderBy,
    hint,
    flags: ((options.flags ?? 0) & USER_FLAG_MASK) | DATA_QUERY_FLAGS | extraFlags,
    skip: options.skip ?? 0,
    limit: options.limit ?? -1,
  }
}

/** A collection query (`sdbQuery1`): flags | WITH_RETURNDATA | CLOSE_EOF_CTX | PREPARE_MORE. */
export class QueryOperation extends CursorOperation {
  constructor(readonly collection: string, readonly options: QueryOptions = {}) {
    super()
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    return queryRequest(this.collection, queryFields(this.options, 0, this.options.hint))
  }
}

/** Access plan of a query (`sdbExplain`): flag EXPLAIN, hint slot `{Hint?, Options?}`. */
export class ExplainOperation extends CursorOperation {
  constructor(readonly collection: string, readonly options: QueryOptions = {}, readonly explainOptions?: BsonDocument) {
    super()
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    const hint: BsonDocument = {}
    if (this.options.hint !== undefined) hint['Hint'] = this.options.hint
    if (this.explainOptions !== undefined) hint['Options'] = this.explainOptions
    return queryRequest(this.collection, queryFields(this.options, 0x400, hint))
  }
}

/**
 * Query-and-update / query-and-remove (`sdbQueryAndUpdate`, `sdbQueryAndRemove`): flag MODIFY,
 * the user's hint plus `$Modify`.
 */
export class QueryAndModifyOperation extends CursorOperation {
  constructor(
    readonly collection: string,
    readonly options: QueryOptions,
    readonly modify: { readonly update: BsonDocument; readonly returnNew: boolean } | { readonly remove: true },
  ) {
    super()
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    const modify: BsonDocument = 'update' in this.modify
      ? { OP: 'update', Update: this.modify.update, ReturnNew: this.modify.returnNew }
      : { OP: 'remove', Remove: true }
    const hint: BsonDocument = { ...(this.options.hint ?? {}), $Modify: modify }
    return queryRequest(this.collection, queryFields(this.options, 0x1000, hint))
  }
}

/** Options of insert. */
export interface InsertOptions {
  /** Bulk insert: skip records whose key already exists instead of stopping (FLG_INSERT_CONTONDUP). */
  readonly continueOnDuplicate?: boolean
  /** Replace the existing record on a duplicate key (FLG_INSERT_REPLACEONDUP). */
  readonly replaceOnDuplicate?: boolean
}

/** What an insert did: the server's counts and the `_id` of each record, in order. */
export interface InsertResult {
  readonly insertedNum: number
  readonly duplicatedNum: number
  readonly modifiedNum: number
  readonly ids: readonly BsonValue[]
}

const INSERT_RETURNNUM = 0x2
const INSERT_HAS_ID_FIELD = 0x10

function countOf(value: BsonValue): number {
  return numberOf(value) ?? 0
}

/**
 * Insert (`sdbInsert`, `sdbBulkInsert`): flags RETURNNUM | HAS_ID_FIELD; a record without `_id`
 * gets a new ObjectId as its first field, as the C driver does.
 */
export class InsertOperation extends Operation<InsertResult> {
  readonly #records: BsonDocument[]
  readonly #ids: BsonValue[]

  constructor(readonly collection: string, records: readonly BsonDocument[], readonly options: InsertOptions = {}) {
    super()
    if (records.length === 0) throw new SdbApiError('insert needs at least one record')
    this.#ids = []
    this.#records = records.map((record) => {
      if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new SdbApiError('a record must be an object')
      if (Object.hasOwn(record, '_id') && record['_id'] !== undefined) {
        this.#ids.push(record['_id'])
        return record
      }
      const id = new ObjectId()
      this.#ids.push(id)
      const withId: BsonDocument = { _id: id }
      for (const key of Object.keys(record)) if (key !== '_id') withId[key] = record[key]
      return withId
    })
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    let flags = INSERT_RETURNNUM | INSERT_HAS_ID_FIELD
    if (this.options.continueOnDuplicate === true) flags |= 0x1
    if (this.options.replaceOnDuplicate === true) flags |= 0x4
    return insertRequest(this.collection, this.#records, flags)
  }

  handleReply(reply: SdbReply): InsertResult {
    const doc = firstDocument(reply)
    const inserted = doc['InsertedNum']
    return {
      // A server that ignores RETURNNUM (older versions) says nothing: every record went in.
      insertedNum: inserted === undefined ? this.#records.length : countOf(inserted),
      duplicatedNum: countOf(doc['DuplicatedNum'] ?? 0),
      modifiedNum: countOf(doc['ModifiedNum'] ?? 0),
      ids: this.#ids,
    }
  }
}

/** Options of update and upsert. */
export interface UpdateOptions {
  readonly condition?: BsonDocument | undefined
  readonly hint?: BsonDocument | undefined
  /** Change at most one record (FLG_UPDATE_ONE). */
  readonly one?: boolean | undefined
  /** Do not drop changes to the sharding key (FLG_UPDATE_KEEP_SHARDINGKEY). */
  readonly keepShardingKey?: boolean | undefined
  /**
   * Ask the server for its counts (FLG_UPDATE_RETURNNUM, as the Java driver always does). Off by
   * default so that the request is the C driver's `sdbUpdate`.
   */
  readonly returnCounts?: boolean | undefined
}

/** Counts of an update or upsert; present when `returnCounts` was set and the server sent them. */
export interface UpdateResult {
  readonly updatedNum?: number
  readonly modifiedNum?: number
  readonly insertedNum?: number
}

/** Counts of a delete; present when `returnCounts` was set and the server sent them. */
export interface DeleteResult {
  readonly deletedNum?: number
}

function countsOf(doc: BsonDocument | undefined, names: readonly (readonly [wire: string, camel: string])[]): Record<string, number> {
  const out: Record<string, number> = {}
  if (doc === undefined) return out
  for (const [wire, camel] of names) {
    const value = numberOf(doc[wire])
    if (value !== undefined) out[camel] = value
  }
  return out
}

/** Options of upsert. */
export interface UpsertOptions extends UpdateOptions {
  /** Fields set only when the upsert inserts (`$SetOnInsert` in the hint). */
  readonly setOnInsert?: BsonDocument | undefined
}

/** Update (`sdbUpdate`) and upsert (`sdbUpsert`): condition, rule, hint. */
export class UpdateOperation extends Operation<UpdateResult> {
  constructor(
    readonly collection: string,
    readonly rule: BsonDocument,
    readonly options: UpsertOptions = {},
    readonly upsert = false,
  ) {
    super()
    if (Object.keys(rule).length === 0) throw new SdbApiError('the update rule is empty')
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    let flags = this.upsert ? 0x1 : 0
    if (this.options.one === true) flags |= 0x2
    if (this.options.keepShardingKey === true) flags |= 0x8000
    if (this.options.returnCounts === true) flags |= 0x4
    let hint = this.options.hint
    if (this.upsert && this.options.setOnInsert !== undefined) hint = { ...(hint ?? {}), $SetOnInsert: this.options.setOnInsert }
    return updateRequest(this.collection, this.options.condition, this.rule, hint, flags)
  }

  handleReply(reply: SdbReply): UpdateResult {
    return countsOf(reply.documents[0], [['UpdatedNum', 'updatedNum'], ['ModifiedNum', 'modifiedNum'], ['InsertedNum', 'insertedNum']])
  }
}

/** Options of delete. */
export interface DeleteOptions {
  readonly hint?: BsonDocument | undefined
  /** Delete at most one record (FLG_DELETE_ONE). */
  readonly one?: boolean | undefined
  /** Ask the server for `{DeletedNum}` (FLG_DELETE_RETURNNUM); off by default (C form). */
  readonly returnCounts?: boolean | undefined
}

/** Delete (`sdbDelete`): condition, hint. */
export class DeleteOperation extends Operation<DeleteResult> {
  constructor(readonly collection: string, readonly condition: BsonDocument | undefined, readonly options: DeleteOptions = {}) {
    super()
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    const flags = (this.options.one === true ? 0x2 : 0) | (this.options.returnCounts === true ? 0x4 : 0)
    return deleteRequest(this.collection, this.condition, this.options.hint, flags)
  }

  handleReply(reply: SdbReply): DeleteResult {
    return countsOf(reply.documents[0], [['DeletedNum', 'deletedNum']])
  }
}

/** Aggregate (`sdbAggregate`): one document per stage; the reply opens a context. */
export class AggregateOperation extends CursorOperation {
  constructor(readonly collection: string, readonly pipeline: readonly BsonDocument[]) {
    super()
    if (pipeline.length === 0) throw new SdbApiError('the pipeline needs at least one stage')
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    return aggregateRequest(this.collection, this.pipeline, 0)
  }
}
