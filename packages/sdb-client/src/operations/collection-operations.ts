import type { BsonDocument } from '../bson.js'
import { numberOf } from './numbers.js'
import { SdbProtocolError } from '../errors.js'
import { CommandCursorOperation, CommandOperation } from './command-operation.js'
import { COLLECTION_OPTION_NAMES, toWire, type CollectionOptions } from './wire-options.js'

/** `$create collection`: Q `{Name: "cs.cl", ShardingKey?, ShardingType?, Partition?, ReplSize?, ...}`. */
export class CreateCollectionOperation extends CommandOperation {
  constructor(fullName: string, options: CollectionOptions = {}, createSpaceIfMissing = false) {
    // 0x40 = FLG_CREATE_WHEN_NOT_EXIST
    super('create collection', {
      condition: { Name: fullName, ...toWire(options, COLLECTION_OPTION_NAMES) },
      flags: createSpaceIfMissing ? 0x40 : 0,
    })
  }
}

/** `$drop collection`: Q `{Name: "cs.cl", SkipRecycleBin?}`. */
export class DropCollectionOperation extends CommandOperation {
  constructor(fullName: string, options: { skipRecycleBin?: boolean } = {}) {
    super('drop collection', { condition: { Name: fullName, ...toWire(options, [['skipRecycleBin', 'SkipRecycleBin']]) } })
  }
}

/** `$test collection` (`sdbGetCollection`): fails with -23 (or -34) when it does not exist. */
export class TestCollectionOperation extends CommandOperation {
  constructor(fullName: string) {
    super('test collection', { condition: { Name: fullName } })
  }
}

/** `$rename collection`: Q `{CollectionSpace, OldName, NewName}` with short names. */
export class RenameCollectionOperation extends CommandOperation {
  constructor(collectionSpace: string, oldName: string, newName: string) {
    super('rename collection', { condition: { CollectionSpace: collectionSpace, OldName: oldName, NewName: newName } })
  }
}

/** `$alter collection` form 1 (`sdbAlterCollection`): Q `{Name, Options}`, skip 0. */
export class AlterCollectionOperation extends CommandOperation {
  constructor(fullName: string, options: BsonDocument) {
    super('alter collection', { condition: { Name: fullName, Options: options }, skip: 0 })
  }
}

/** `$truncate` (`sdbTruncateCollection`): Q `{Collection}`. */
export class TruncateCollectionOperation extends CommandOperation {
  constructor(fullName: string) {
    super('truncate', { condition: { Collection: fullName } })
  }
}

/**
 * `$get count` (`sdbGetCount`): Q = matcher, H `{Collection, Hint?}`, skip -1. One record
 * `{Total: int64}`: in the first reply from a v6 server, through getMore from older ones.
 */
export class CountOperation extends CommandCursorOperation {
  constructor(fullName: string, condition: BsonDocument | undefined, hint: BsonDocument | undefined) {
    const h: BsonDocument = { Collection: fullName }
    if (hint !== undefined && Object.keys(hint).length > 0) h['Hint'] = hint
    super('get count', { condition, hint: h, skip: -1 })
  }

  /** Reads `Total` from the count record. */
  static total(record: BsonDocument | undefined): number {
    const total = numberOf(record?.['Total'])
    if (total === undefined) throw new SdbProtocolError('the count reply has no Total field')
    return total
  }
}

/** `$list collections` over the whole database. */
export class ListCollectionsOperation extends CommandCursorOperation {
  constructor() {
    super('list collections')
  }
}

/** `$list lobs` of one collection: H `{Collection}`. */
export class ListLobsOperation extends CommandCursorOperation {
  constructor(fullName: string, slots: { condition?: BsonDocument; selector?: BsonDocument; orderBy?: BsonDocument } = {}) {
    super('list lobs', { ...slots, hint: { Collection: fullName } })
  }
}
