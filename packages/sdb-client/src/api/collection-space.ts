import type { BsonDocument } from '../bson.js'
import type { Cursor } from '../cursor/cursor.js'
import type { OperationOptions } from '../operations/executor.js'
import {
  AlterCollectionSpaceOperation,
  ListCollectionsInSpaceOperation,
} from '../operations/collection-space-operations.js'
import {
  CreateCollectionOperation,
  DropCollectionOperation,
  RenameCollectionOperation,
  TestCollectionOperation,
} from '../operations/collection-operations.js'
import type { CollectionOptions } from '../operations/wire-options.js'
import type { ClientContext } from './client-context.js'
import { Collection } from './collection.js'
import { checkName } from './names.js'

/** A collection space: creates, opens, lists, renames and drops its collections. */
export class CollectionSpace {
  readonly name: string
  readonly #context: ClientContext

  /** @internal Collection spaces come from `Client` calls. */
  constructor(context: ClientContext, name: string) {
    this.#context = context
    this.name = name
  }

  /** Creates a collection (`$create collection`) and returns it. */
  async createCollection(name: string, options: CollectionOptions = {}, callOptions?: OperationOptions): Promise<Collection> {
    checkName(name, 'collection')
    await this.#context.executor.execute(new CreateCollectionOperation(`${this.name}.${name}`, options), callOptions)
    return new Collection(this.#context, this.name, name)
  }

  /** Checks that the collection exists (`$test collection`) and returns it; -23 when it does not. */
  async getCollection(name: string, callOptions?: OperationOptions): Promise<Collection> {
    checkName(name, 'collection')
    await this.#context.executor.execute(new TestCollectionOperation(`${this.name}.${name}`), callOptions)
    return new Collection(this.#context, this.name, name)
  }

  /** A handle on a collection without asking the server (the first use fails if it is missing). */
  collection(name: string): Collection {
    checkName(name, 'collection')
    return new Collection(this.#context, this.name, name)
  }

  /** Drops a collection (`$drop collection`). */
  async dropCollection(name: string, options: { skipRecycleBin?: boolean } = {}, callOptions?: OperationOptions): Promise<void> {
    checkName(name, 'collection')
    return await this.#context.executor.execute(new DropCollectionOperation(`${this.name}.${name}`, options), callOptions)
  }

  /** Renames a collection of this space (`$rename collection`). */
  async renameCollection(oldName: string, newName: string, callOptions?: OperationOptions): Promise<Collection> {
    checkName(oldName, 'collection')
    checkName(newName, 'collection')
    await this.#context.executor.execute(new RenameCollectionOperation(this.name, oldName, newName), callOptions)
    return new Collection(this.#context, this.name, newName)
  }

  /** Records `{Name: "cs.cl"}` of this space's collections. */
  listCollections(callOptions?: OperationOptions): Cursor {
    return this.#context.executor.cursor(new ListCollectionsInSpaceOperation(this.name), (d) => d, callOptions)
  }

  /** Changes options of the space (`$alter collectionspace`, wire spelling: `{PageSize: ...}`). */
  async alter(options: BsonDocument, callOptions?: OperationOptions): Promise<void> {
    return await this.#context.executor.execute(new AlterCollectionSpaceOperation(this.name, options), callOptions)
  }
}
