import type { BsonDocument } from '../bson.js'
import { CommandCursorOperation, CommandOperation } from './command-operation.js'
import { toWire } from './wire-options.js'

/** Index attributes of `createIndex` (contract §10.4). */
export interface IndexOptions {
  readonly unique?: boolean
  readonly enforced?: boolean
  readonly notNull?: boolean
  readonly notArray?: boolean
  readonly standalone?: boolean
  /** Sort buffer in MB; the C driver always sends 64. */
  readonly sortBufferSize?: number
}

const DEFAULT_SORT_BUFFER_MB = 64

/**
 * `$create index` (`sdbCreateIndex`): Q `{Collection, Index: {key, name, unique, enforced, ...},
 * SortBufferSize}`, H `{SortBufferSize}` (for servers older than 3.4), skip 0.
 */
export class CreateIndexOperation extends CommandOperation {
  constructor(fullName: string, name: string, key: BsonDocument, options: IndexOptions = {}) {
    const sortBufferSize = options.sortBufferSize ?? DEFAULT_SORT_BUFFER_MB
    const index: BsonDocument = {
      key,
      name,
      unique: options.unique ?? false,
      enforced: options.enforced ?? false,
      ...toWire(options, [['notNull', 'NotNull'], ['notArray', 'NotArray'], ['standalone', 'Standalone']]),
    }
    super('create index', {
      condition: { Collection: fullName, Index: index, SortBufferSize: sortBufferSize },
      hint: { SortBufferSize: sortBufferSize },
      skip: 0,
    })
  }
}

/** `$drop index`: Q `{Collection, Index: {"": name}}`, skip 0. */
export class DropIndexOperation extends CommandOperation {
  constructor(fullName: string, name: string) {
    super('drop index', { condition: { Collection: fullName, Index: { '': name } }, skip: 0 })
  }
}

/** `$get indexes` (`sdbGetIndexes`): Q `{"IndexDef.name"}` for one index, H `{Collection}`, skip -1. */
export class GetIndexesOperation extends CommandCursorOperation {
  constructor(fullName: string, name?: string) {
    super('get indexes', {
      condition: name === undefined ? undefined : { 'IndexDef.name': name },
      hint: { Collection: fullName },
      skip: -1,
    })
  }
}
