import { ObjectId, type BsonDocument, type BsonValue } from '../bson.js'
import type { Cursor } from '../cursor/cursor.js'
import { SdbApiError } from '../errors.js'
import {
  AlterCollectionOperation,
  CountOperation,
  ListLobsOperation,
  TruncateCollectionOperation,
} from '../operations/collection-operations.js'
import type { OperationOptions } from '../operations/executor.js'
import { checkReply } from '../operations/executor.js'
import { CreateIndexOperation, DropIndexOperation, GetIndexesOperation, type IndexOptions } from '../operations/index-operations.js'
import {
  AggregateOperation,
  DeleteOperation,
  ExplainOperation,
  InsertOperation,
  QueryAndModifyOperation,
  QueryOperation,
  UpdateOperation,
  type DeleteOptions,
  type DeleteResult,
  type UpdateResult,
  type InsertOptions,
  type InsertResult,
  type QueryOptions,
  type UpdateOptions,
  type UpsertOptions,
} from '../operations/record-operations.js'
import { RemoveLobOperation, TruncateLobOperation } from '../operations/lob-operations.js'
import { lobOpenRequest } from '../operations/requests.js'
import { COLLECTION_OPTION_NAMES, toWire, type CollectionOptions } from '../operations/wire-options.js'
import type { ClientContext } from './client-context.js'
import { Lob } from './lob.js'

/** The result of inserting one record: its `_id` and the server's counts. */
export interface InsertOneResult extends InsertResult {
  /** The `_id` of the record (generated when the record had none). */
  readonly id: BsonValue
}

const LOB_MODE_CREATE = 0x01
const LOB_MODE_READ = 0x04

function isDocumentArray(value: BsonDocument | readonly BsonDocument[]): value is readonly BsonDocument[] {
  return Array.isArray(value)
}

/** A collection: records, indexes, LOBs. Records are plain objects keeping their BSON types. */
export class Collection {
  readonly collectionSpaceName: string
  readonly name: string
  readonly #context: ClientContext

  /** @internal Collections come from `CollectionSpace` or `Client` calls. */
  constructor(context: ClientContext, collectionSpaceName: string, name: string) {
    this.#context = context
    this.collectionSpaceName = collectionSpaceName
    this.name = name
  }

  /** `"cs.cl"`. */
  get fullName(): string {
    return `${this.collectionSpaceName}.${this.name}`
  }

  /**
   * Inserts one record (returns its `id`) or many in one message (returns every `_id` in
   * `ids`). A record without `_id` gets a new ObjectId, placed first.
   */
  insert(record: BsonDocument, options?: InsertOptions & OperationOptions): Promise<InsertOneResult>
  insert(records: readonly BsonDocument[], options?: InsertOptions & OperationOptions): Promise<InsertResult>
  async insert(records: BsonDocument | readonly BsonDocument[], options: InsertOptions & OperationOptions = {}): Promise<InsertResult | InsertOneResult> {
    if (isDocumentArray(records)) {
      return this.#context.executor.execute(new InsertOperation(this.fullName, records, options), options)
    }
    const result = await this.#context.executor.execute(new InsertOperation(this.fullName, [records], options), options)
    return { ...result, id: result.ids[0] ?? null }
  }

  /** Records matching `condition`, read lazily in batches. */
  query<T = BsonDocument>(options: QueryOptions & OperationOptions = {}): Cursor<T> {
    return this.#context.executor.cursor(new QueryOperation(this.fullName, options), (d) => d as T, options)
  }

  /** The first matching record, or `undefined`. */
  async queryOne<T = BsonDocument>(options: Omit<QueryOptions, 'limit'> & OperationOptions = {}): Promise<T | undefined> {
    const cursor = this.query<T>({ ...options, limit: 1 })
    try {
      return await cursor.next()
    } finally {
      await cursor.close()
    }
  }

  /** Number of records matching `condition` (`$get count`). */
  async count(condition?: BsonDocument, options: { hint?: BsonDocument } & OperationOptions = {}): Promise<number> {
    const records = await this.#context.executor.cursor(new CountOperation(this.fullName, condition, options.hint), (d) => d, options).toArray()
    return CountOperation.total(records[0])
  }

  /**
   * Applies `rule` (`{$set: ...}`) to every record matching `options.condition`; with
   * `returnCounts` the result holds the server's counts.
   */
  async update(rule: BsonDocument, options: UpdateOptions & OperationOptions = {}): Promise<UpdateResult> {
    return await this.#context.executor.execute(new UpdateOperation(this.fullName, rule, options, false), options)
  }

  /** Like update, but inserts a record when nothing matches (`setOnInsert` fields only then). */
  async upsert(rule: BsonDocument, options: UpsertOptions & OperationOptions = {}): Promise<UpdateResult> {
    return await this.#context.executor.execute(new UpdateOperation(this.fullName, rule, options, true), options)
  }

  /** Deletes the records matching `condition` (all when omitted). */
  async delete(condition?: BsonDocument, options: DeleteOptions & OperationOptions = {}): Promise<DeleteResult> {
    return await this.#context.executor.execute(new DeleteOperation(this.fullName, condition, options), options)
  }

  /** Updates matching records and returns them (before, or after with `returnNew`). */
  queryAndUpdate<T = BsonDocument>(update: BsonDocument, options: QueryOptions & { returnNew?: boolean } & OperationOptions = {}): Cursor<T> {
    const op = new QueryAndModifyOperation(this.fullName, options, { update, returnNew: options.returnNew ?? false })
    return this.#context.executor.cursor(op, (d) => d as T, options)
  }

  /** Deletes matching records and returns them. */
  queryAndRemove<T = BsonDocument>(options: QueryOptions & OperationOptions = {}): Cursor<T> {
    return this.#context.executor.cursor(new QueryAndModifyOperation(this.fullName, options, { remove: true }), (d) => d as T, options)
  }

  /** The access plan of a query; `explainOptions` e.g. `{Run: true}`. */
  explain(options: QueryOptions & OperationOptions = {}, explainOptions?: BsonDocument): Cursor {
    return this.#context.executor.cursor(new ExplainOperation(this.fullName, options, explainOptions), (d) => d, options)
  }

  /** Runs an aggregation pipeline (`[{$match: ...}, {$group: ...}]`). */
  aggregate<T = BsonDocument>(pipeline: readonly BsonDocument[], options?: OperationOptions): Cursor<T> {
    return this.#context.executor.cursor(new AggregateOperation(this.fullName, pipeline), (d) => d as T, options)
  }

  /** Creates an index: `createIndex('name_age', {name: 1, age: -1}, {unique: false})`. */
  async createIndex(name: string, key: BsonDocument, options: IndexOptions & OperationOptions = {}): Promise<void> {
    if (Object.keys(key).length === 0) throw new SdbApiError('the index key is empty')
    return await this.#context.executor.execute(new CreateIndexOperation(this.fullName, name, key, options), options)
  }

  /** Drops an index by name. */
  async dropIndex(name: string, options?: OperationOptions): Promise<void> {
    return await this.#context.executor.execute(new DropIndexOperation(this.fullName, name), options)
  }

  /** Every index: records `{IndexDef: {name, key, unique, ...}, IndexFlag, Type}`. */
  listIndexes(options?: OperationOptions): Cursor {
    return this.#context.executor.cursor(new GetIndexesOperation(this.fullName), (d) => d, options)
  }

  /** One index by name, or `undefined`. */
  async getIndex(name: string, options?: OperationOptions): Promise<BsonDocument | undefined> {
    const all = await this.#context.executor.cursor(new GetIndexesOperation(this.fullName, name), (d) => d, options).toArray()
    return all[0]
  }

  /** Removes every record (`$truncate`). */
  async truncate(options?: OperationOptions): Promise<void> {
    return await this.#context.executor.execute(new TruncateCollectionOperation(this.fullName), options)
  }

  /** Changes collection options (`$alter collection`): `alter({replSize: 0})`. */
  async alter(options: CollectionOptions, callOptions?: OperationOptions): Promise<void> {
    return await this.#context.executor.execute(new AlterCollectionOperation(this.fullName, toWire(options, COLLECTION_OPTION_NAMES)), callOptions)
  }

  /** Creates a LOB and opens it for writing; `id` lets you choose its ObjectId. */
  async createLob(id: ObjectId = new ObjectId(), options?: OperationOptions): Promise<Lob> {
    return await this.#openLob(id, LOB_MODE_CREATE, options)
  }

  /** Opens an existing LOB for reading. */
  async openLob(id: ObjectId | string, options?: OperationOptions): Promise<Lob> {
    return await this.#openLob(typeof id === 'string' ? ObjectId.createFromHexString(id) : id, LOB_MODE_READ, options)
  }

  /** Writes a whole LOB from bytes or a stream of chunks and returns its id. */
  async putLob(data: Uint8Array | AsyncIterable<Uint8Array>, id?: ObjectId, options?: OperationOptions): Promise<ObjectId> {
    const lob = await this.createLob(id, options)
    try {
      if (data instanceof Uint8Array) await lob.write(data, options)
      else for await (const chunk of data) await lob.write(chunk, options)
    } catch (error) {
      await lob.close().catch(() => undefined)
      throw error
    }
    await lob.close(options)
    return lob.id
  }

  /** Reads a whole LOB into memory. */
  async getLob(id: ObjectId | string, options?: OperationOptions): Promise<Buffer> {
    const lob = await this.openLob(id, options)
    try {
      return await lob.readAll(options)
    } finally {
      await lob.close().catch(() => undefined)
    }
  }

  /** Removes a LOB. */
  async removeLob(id: ObjectId | string, options?: OperationOptions): Promise<void> {
    const oid = typeof id === 'string' ? ObjectId.createFromHexString(id) : id
    return await this.#context.executor.execute(new RemoveLobOperation(this.fullName, oid), options)
  }

  /** Cuts a LOB to `length` bytes. */
  async truncateLob(id: ObjectId | string, length: number, options?: OperationOptions): Promise<void> {
    const oid = typeof id === 'string' ? ObjectId.createFromHexString(id) : id
    return await this.#context.executor.execute(new TruncateLobOperation(this.fullName, oid, length), options)
  }

  /** Records `{Oid, Size, CreateTime, ModificationTime, Available}` of this collection's LOBs. */
  listLobs(options?: OperationOptions): Cursor {
    return this.#context.executor.cursor(new ListLobsOperation(this.fullName), (d) => d, options)
  }

  async #openLob(id: ObjectId, mode: number, options?: OperationOptions): Promise<Lob> {
    const executor = this.#context.executor
    const { result, release } = await executor.withConnection(async (connection) => {
      const reply = checkReply(await connection.request(lobOpenRequest({ Collection: this.fullName, Oid: id, Mode: mode }, 0), {
        ...(options?.signal === undefined ? {} : { signal: options.signal }),
        ...(options?.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      }))
      return { connection, reply }
    }, options)
    const meta = result.reply.documents[0] ?? {}
    const oid = meta['Oid']
    return new Lob({
      executor,
      connection: result.connection,
      release,
      contextId: result.reply.contextId,
      id: oid instanceof ObjectId ? oid : id,
      mode: mode === LOB_MODE_CREATE ? 'write' : 'read',
      meta,
    })
  }
}
