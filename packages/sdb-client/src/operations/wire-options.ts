// camelCase option objects of the public API, and their wire (PascalCase) spelling.
import type { BsonDocument, BsonValue } from '../bson.js'

/** Options of `createCollectionSpace` (contract §10.2). */
export interface CollectionSpaceOptions {
  /** Data page size in bytes: 0 (default 64 KiB), 4096, 8192, 16384, 32768 or 65536. */
  readonly pageSize?: number
  /** LOB page size in bytes: 0 (default 256 KiB) or a power of two from 4096 to 524288. */
  readonly lobPageSize?: number
  /** Domain the collection space belongs to. */
  readonly domain?: string
  /** A capped collection space (for capped collections). */
  readonly capped?: boolean
  /** Further server options, sent as given (wire spelling). */
  readonly extra?: BsonDocument
}

/** Options of `createCollection` (contract §10.3). */
export interface CollectionOptions {
  readonly shardingKey?: BsonDocument
  readonly shardingType?: 'hash' | 'range'
  /** Number of hash partitions: a power of two from 8 to 1048576. */
  readonly partition?: number
  /** Replicas that must acknowledge a write: 1..7, 0 = all, -1 = the majority rule of the server. */
  readonly replSize?: number
  readonly consistencyStrategy?: number
  readonly compressed?: boolean
  readonly compressionType?: 'snappy' | 'lzw' | 'lz4' | 'zlib'
  readonly autoSplit?: boolean
  readonly autoRebalance?: boolean
  /** Group that holds the collection. */
  readonly group?: string
  readonly ensureShardingIndex?: boolean
  readonly isMainCL?: boolean
  readonly autoIndexId?: boolean
  readonly capped?: boolean
  readonly size?: number
  readonly max?: number
  readonly overWrite?: boolean
  readonly strictDataMode?: boolean
  readonly noTrans?: boolean
  /** Further server options, sent as given (wire spelling). */
  readonly extra?: BsonDocument
}

/** Options of `createDomain` (contract §10.9). */
export interface DomainOptions {
  readonly groups?: readonly string[]
  readonly autoSplit?: boolean
  readonly autoRebalance?: boolean
  readonly extra?: BsonDocument
}

/** Session attributes of `setSessionAttributes` (contract §10.9). */
export interface SessionAttributes {
  /** `"M"` (primary), `"S"` (secondary), `"A"` (any), or a node position 1..7. */
  readonly preferredInstance?: 'M' | 'S' | 'A' | 'm' | 's' | 'a' | '-M' | '-S' | '-A' | number
  readonly preferredInstanceMode?: 'random' | 'ordered'
  readonly preferredStrict?: boolean
  readonly preferredPeriod?: number
  /** Operation timeout in milliseconds, -1 = none. */
  readonly timeout?: number
  readonly transIsolation?: number
  readonly transTimeout?: number
  readonly transLockWait?: boolean
  readonly transAutoCommit?: boolean
  readonly transAutoRollback?: boolean
  readonly transUseRBS?: boolean
  /** Further attributes, sent as given (wire spelling). */
  readonly extra?: BsonDocument
}

/** Copies the defined camelCase options under their wire names, in the given order. */
export function toWire(
  options: object,
  names: readonly (readonly [camel: string, wire: string])[],
): BsonDocument {
  const out: BsonDocument = {}
  const source = options as Record<string, unknown>
  for (const [camel, wire] of names) {
    const value = source[camel]
    if (value !== undefined) out[wire] = value as BsonValue
  }
  const extra = source['extra']
  if (extra !== undefined && extra !== null && typeof extra === 'object') Object.assign(out, extra)
  return out
}

export const COLLECTION_SPACE_OPTION_NAMES = [
  ['pageSize', 'PageSize'],
  ['lobPageSize', 'LobPageSize'],
  ['domain', 'Domain'],
  ['capped', 'Capped'],
] as const

export const COLLECTION_OPTION_NAMES = [
  ['shardingKey', 'ShardingKey'],
  ['shardingType', 'ShardingType'],
  ['partition', 'Partition'],
  ['replSize', 'ReplSize'],
  ['consistencyStrategy', 'ConsistencyStrategy'],
  ['compressed', 'Compressed'],
  ['compressionType', 'CompressionType'],
  ['autoSplit', 'AutoSplit'],
  ['autoRebalance', 'AutoRebalance'],
  ['group', 'Group'],
  ['ensureShardingIndex', 'EnsureShardingIndex'],
  ['isMainCL', 'IsMainCL'],
  ['autoIndexId', 'AutoIndexId'],
  ['capped', 'Capped'],
  ['size', 'Size'],
  ['max', 'Max'],
  ['overWrite', 'OverWrite'],
  ['strictDataMode', 'StrictDataMode'],
  ['noTrans', 'NoTrans'],
] as const

export const SESSION_ATTRIBUTE_NAMES = [
  ['preferredInstance', 'PreferredInstance'],
  ['preferredInstanceMode', 'PreferredInstanceMode'],
  ['preferredStrict', 'PreferredStrict'],
  ['preferredPeriod', 'PreferredPeriod'],
  ['timeout', 'Timeout'],
  ['transIsolation', 'TransIsolation'],
  ['transTimeout', 'TransTimeout'],
  ['transLockWait', 'TransLockWait'],
  ['transAutoCommit', 'TransAutoCommit'],
  ['transAutoRollback', 'TransAutoRollback'],
  ['transUseRBS', 'TransUseRBS'],
] as const
