import type { BsonDocument } from '../bson.js'
import { CommandCursorOperation, CommandOperation } from './command-operation.js'
import { COLLECTION_SPACE_OPTION_NAMES, toWire, type CollectionSpaceOptions } from './wire-options.js'

/** `$create collectionspace` (`sdbCreateCollectionSpace[V2]`): Q `{Name, PageSize?, LobPageSize?, ...}`. */
export class CreateCollectionSpaceOperation extends CommandOperation {
  constructor(name: string, options: CollectionSpaceOptions = {}) {
    super('create collectionspace', { condition: { Name: name, ...toWire(options, COLLECTION_SPACE_OPTION_NAMES) } })
  }
}

/** `$drop collectionspace`: Q `{Name, EnsureEmpty?, SkipRecycleBin?}`. */
export class DropCollectionSpaceOperation extends CommandOperation {
  constructor(name: string, options: { ensureEmpty?: boolean; skipRecycleBin?: boolean } = {}) {
    super('drop collectionspace', {
      condition: { Name: name, ...toWire(options, [['ensureEmpty', 'EnsureEmpty'], ['skipRecycleBin', 'SkipRecycleBin']]) },
    })
  }
}

/** `$test collectionspace` (`sdbGetCollectionSpace`): fails with -34 when it does not exist. */
export class TestCollectionSpaceOperation extends CommandOperation {
  constructor(name: string) {
    super('test collectionspace', { condition: { Name: name } })
  }
}

/** `$rename collectionspace`: Q `{OldName, NewName}`. */
export class RenameCollectionSpaceOperation extends CommandOperation {
  constructor(oldName: string, newName: string) {
    super('rename collectionspace', { condition: { OldName: oldName, NewName: newName } })
  }
}

/** `$alter collectionspace` form 1: Q `{Name, Options}`. */
export class AlterCollectionSpaceOperation extends CommandOperation {
  constructor(name: string, options: BsonDocument) {
    super('alter collectionspace', { condition: { Name: name, Options: options }, skip: 0 })
  }
}

/** `$list collections` restricted to one collection space (`sdbCSListCollections`). */
export class ListCollectionsInSpaceOperation extends CommandCursorOperation {
  constructor(collectionSpace: string) {
    super('list collections', { condition: { Name: { $gt: `${collectionSpace}.`, $lt: `${collectionSpace}/` } } })
  }
}
