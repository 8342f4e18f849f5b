/**
 * Durable stores of the emulator (better-sqlite3 12 in WAL mode, one database per node).
 *
 * Two stores:
 * - {@link CatalogStore} lives on the catalog node: collection spaces, collections (with their
 *   placement on data groups), index definitions, users, groups and nodes (the SYSCAT.SYSNODES
 *   documents) and domains. It validates names and options as the real catalog does and
 *   throws `SdbFault` with the real codes (-33/-34, -22/-23, -6, -46/-47, -153/-154, ...).
 * - {@link DataNodeStore} is one per data node: records, the `$id` and user indexes as ordered
 *   structures, LOBs, transactions and the oplog that replicates a primary to its secondaries.
 *
 * Open them with `openCatalogStore(location)` and `openDataNodeStore(location)`; `close()` them
 * when the emulator stops. Every method is synchronous: a write has reached the database (and
 * so survives `kill -9` of the process) when the method returns.
 *
 * Durability choice: WAL with `synchronous = NORMAL`. A committed transaction is in the WAL file
 * (the OS page cache) before the call returns, so killing the process loses nothing; only a power
 * loss or kernel crash could drop the last commits, which the emulator does not promise to survive.
 * `FULL` would fsync on every acknowledged insert and make bulk loads two orders slower.
 */
import type { BsonDocument } from '@canopy/sdb-client/bson'
import type {
  CollectionStats,
  IndexDefinition,
  IndexEntry,
  InsertOptions,
  InsertResult,
  KeyRange,
  LobMeta,
  Lsn,
  OplogEntry,
  StoredRecord,
  StoreLocation,
} from './types.js'
import { SqliteCatalogStore } from './catalog.js'
import { SqliteDataNodeStore, type DataNodeStoreOptions } from './data-node.js'

export type * from './types.js'

/** A collection space as stored in SYSCAT.SYSCOLLECTIONSPACES. */
export interface CollectionSpaceInfo {
  readonly name: string
  readonly uniqueId: number
  readonly pageSize: number
  readonly lobPageSize: number
  readonly domain?: string | undefined
  readonly createTime: Date
  /** The catalog document (`{Name, UniqueID, PageSize, LobPageSize, Domain?, Collection: [...]}`). */
  readonly document: BsonDocument
}

/** Where one range of a collection lives (an element of `CataInfo`). */
export interface CollectionPlacement {
  readonly groupId: number
  readonly groupName: string
  /** For hash sharding: partitions [lowPartition, highPartition) live on this group. */
  readonly lowPartition?: number | undefined
  readonly highPartition?: number | undefined
}

/** What a `$split` moves: hash partitions `[low, high)` (`high` undefined = to the last), or a percentage. */
export type SplitRange = { readonly low: number; readonly high?: number | undefined } | { readonly percent: number }

/** The catalog side of a split: the collection's new placement and the partitions that moved. */
export interface SplitResult {
  readonly collection: CollectionInfo
  readonly low: number
  readonly high: number
  readonly sourceId: number
  readonly targetId: number
}

/** A collection as stored in SYSCAT.SYSCOLLECTIONS. */
export interface CollectionInfo {
  /** Full name `cs.cl`. */
  readonly name: string
  readonly collectionSpace: string
  readonly uniqueId: bigint
  readonly version: number
  /** 1..7 as given, 0 stored as 7 (all nodes), -1 special (all running nodes). */
  readonly replSize: number
  readonly shardingKey?: BsonDocument | undefined
  readonly shardingType?: 'hash' | 'range' | undefined
  /** Number of hash partitions (hash sharding only). */
  readonly partition?: number | undefined
  readonly autoSplit: boolean
  readonly compressed: boolean
  readonly compressionType?: string | undefined
  /** Groups holding the collection; more than one only for AutoSplit hash sharding. */
  readonly placement: readonly CollectionPlacement[]
  /** The catalog document as `$snapshot catalog` / internal lists show it. */
  readonly document: BsonDocument
}

/** A node of a replica group (element of `Group[]` in `$list groups`). */
export interface NodeInfo {
  readonly nodeId: number
  readonly hostName: string
  /** The local service port (Service Type 0); replication/shard/catalog follow at +1/+2/+3. */
  readonly port: number
  readonly dbpath: string
  /** 1 activated, 0 not yet. */
  readonly status: number
}

/** A replica group (a SYSCAT.SYSNODES document). */
export interface GroupInfo {
  readonly groupName: string
  readonly groupId: number
  /** 0 data, 1 coord, 2 catalog. */
  readonly role: number
  readonly version: number
  /** 1 activated, 0 not yet. */
  readonly status: number
  readonly primaryNode?: number | undefined
  readonly nodes: readonly NodeInfo[]
  /** The `$list groups` document with int32 types and field order of contract §10.6.1. */
  readonly document: BsonDocument
}

/** A user (SYSAUTH.SYSUSRS), with what both MD5 and SCRAM-SHA256 authentication need. */
export interface UserInfo {
  readonly user: string
  /** md5hex(password). */
  readonly passwd: string
  readonly scramSha256: {
    readonly iterationCount: number
    /** base64 of 28 bytes. */
    readonly salt: string
    /** base64. */
    readonly storedKey: string
    /** base64. */
    readonly serverKey: string
  }
  /** `$list users` document: `{ User, Roles, Options }`. */
  readonly document: BsonDocument
}

/** A domain (`$list domains` document shape). */
export interface DomainInfo {
  readonly name: string
  readonly groups: readonly string[]
  readonly autoSplit: boolean
  readonly document: BsonDocument
}

/** The catalog node's store. Methods throw `SdbFault` with the real codes. */
export interface CatalogStore {
  /** Collection spaces. `options` is the `$create collectionspace` Q document (Name included). */
  createCollectionSpace(options: BsonDocument): CollectionSpaceInfo
  /** -34 missing; -275 when `ensureEmpty` and it still has collections. Returns what was dropped. */
  dropCollectionSpace(name: string, ensureEmpty?: boolean): { space: CollectionSpaceInfo; collections: CollectionInfo[] }
  getCollectionSpace(name: string): CollectionSpaceInfo | undefined
  listCollectionSpaces(): CollectionSpaceInfo[]
  renameCollectionSpace(oldName: string, newName: string): void
  /** `$alter collectionspace` options (PageSize, LobPageSize, Domain...). */
  alterCollectionSpace(name: string, options: BsonDocument): CollectionSpaceInfo

  /**
   * `options` is the `$create collection` Q document (Name = `cs.cl` plus options). Chooses the
   * placement (Group option, domain groups, or the least-used data group; AutoSplit hash over all).
   * `createSpace` = query flag `FLG_CREATE_WHEN_NOT_EXIST`.
   */
  createCollection(options: BsonDocument, createSpace?: boolean): CollectionInfo
  dropCollection(fullName: string): CollectionInfo
  getCollection(fullName: string): CollectionInfo | undefined
  listCollections(): CollectionInfo[]
  /**
   * `$split` of a hash-sharded collection: gives `target` the partitions `[low, high)` (or the
   * top `percent` of the source's last range) that `source` holds, as new CataInfo ranges.
   * -169 not sharded, -172 not on the source group, -176 a partition outside the source,
   * -154 group missing, -6 same group or bad percent.
   */
  splitCollection(fullName: string, source: string, target: string, split: SplitRange): SplitResult
  renameCollection(space: string, oldShortName: string, newShortName: string): CollectionInfo
  alterCollection(fullName: string, options: BsonDocument): CollectionInfo
  /** The group that owns a document of a collection (hash of the sharding key for hash sharding). */
  groupForDocument(collection: CollectionInfo, doc: BsonDocument): CollectionPlacement

  /**
   * Validates an index (`$create index` `Index` document), then calls `build` with the
   * definition (so the runtime creates it on the data nodes; a throw aborts), then records it.
   * -46 name exists, -247 same definition, -291 covered, -23 collection missing, -6 bad def.
   */
  createIndex(fullName: string, index: BsonDocument, build: (def: IndexDefinition) => void): IndexDefinition
  /** -47 missing, -56 `$id`. Calls `drop` before forgetting the definition. */
  dropIndex(fullName: string, name: string, drop: (def: IndexDefinition) => void): void
  listIndexes(fullName: string): IndexDefinition[]

  /** 7001: -295 exists. Computes the SCRAM-SHA256 keys from md5hex. */
  createUser(user: string, passwd: string, options?: BsonDocument): UserInfo
  /** 7002: -300 missing, -179 wrong password. */
  removeUser(user: string, passwd: string): void
  getUser(user: string): UserInfo | undefined
  listUsers(): UserInfo[]

  /** -153 exists, -6 bad name. System groups (SYSCatalogGroup, SYSCoord, SYSSpare) get fixed ids. */
  createGroup(name: string): GroupInfo
  /** -154 missing, -208 still holds collections, -206 system group. */
  removeGroup(name: string): GroupInfo
  getGroup(nameOrId: string | number): GroupInfo | undefined
  listGroups(): GroupInfo[]
  /**
   * `$create node` options (`HostName`, `svcname`, `dbpath`, ...): -154 group missing, -145 port
   * taken, -249 more than 7 nodes. Node ids: 1..799 for system groups, from 1000 for data groups.
   */
  createNode(groupName: string, options: BsonDocument): NodeInfo
  /**
   * -155 missing; -204 the group's primary or only node, unless `enforced` (then -204 only for
   * the last node of a data group holding collections).
   */
  removeNode(groupName: string, hostName: string, port: number, enforced?: boolean): NodeInfo
  /** Activation flag of the group and its nodes (`$active group`). */
  setGroupStatus(groupName: string, status: number): GroupInfo
  /** Current primary, or undefined for none (persisted so a restart comes back the same). */
  setPrimary(groupName: string, nodeId: number | undefined): GroupInfo
  /** A node's port changed (restart with `--port 0`). */
  setNodePort(nodeId: number, hostName: string, port: number): void

  /** `$create domain`: -215 exists, -154 group missing. */
  createDomain(name: string, options?: BsonDocument): DomainInfo
  /** -214 missing, -256 used by a collection space. */
  dropDomain(name: string): void
  alterDomain(name: string, options: BsonDocument): DomainInfo
  getDomain(name: string): DomainInfo | undefined
  listDomains(): DomainInfo[]

  /** Arbitrary small persistent settings of the runtime (e.g. the topology it created). */
  getSetting(key: string): string | undefined
  setSetting(key: string, value: string): void

  close(): void
}

/** A data node's store. Methods throw `SdbFault` with the real codes. */
export interface DataNodeStore {
  readonly nodeName: string

  /** Creates the collection and its `$id` index (idempotent: an existing one is kept). */
  createCollection(fullName: string, indexes: readonly IndexDefinition[]): void
  dropCollection(fullName: string): void
  /** Drops every collection of `cs.`. */
  dropCollectionSpace(space: string): void
  renameCollection(oldFullName: string, newFullName: string): void
  renameCollectionSpace(oldSpace: string, newSpace: string): void
  hasCollection(fullName: string): boolean
  /** Full names of the collections the node holds. */
  collectionNames(): string[]
  /** Index definitions the node holds for a collection (-23 if missing). */
  indexes(fullName: string): IndexDefinition[]
  /** Builds the index over the existing records; -38 if a unique index meets duplicates. */
  createIndex(fullName: string, def: IndexDefinition): void
  dropIndex(fullName: string, name: string): void
  truncate(fullName: string): void

  /**
   * Inserts documents in one atomic step. A document without `_id` gets an ObjectId first.
   * Duplicate key: -38 with extras `{InsertedNum, DuplicatedNum, ModifiedNum, IndexName, Index,
   * IndexValue}` (records inserted before the duplicate stay, as on the real server).
   */
  insert(fullName: string, docs: readonly BsonDocument[], options?: InsertOptions): InsertResult
  /** Replaces a record's document (index entries follow); -38 on a unique conflict. */
  replaceRecord(fullName: string, rid: number, doc: BsonDocument, txn?: number): void
  removeRecord(fullName: string, rid: number, txn?: number): void
  /** Runs `fn` as one atomic database transaction (used for multi-record updates/deletes). */
  batch<T>(fn: () => T): T

  /** The record source for the engine's executor; pages internally so writes may interleave. */
  tableScan(fullName: string): Iterable<StoredRecord>
  indexScan(fullName: string, indexName: string, range: KeyRange, firstPage?: number): Iterable<IndexEntry>
  fetch(fullName: string, rid: number): BsonDocument | undefined
  count(fullName: string): number
  stats(fullName: string): CollectionStats

  /** LOBs (stored durably in pieces). -269 exists, -4 missing, -317 in use. */
  /** `pageSize` = the collection space's LobPageSize; `oid` undefined = generate one. */
  createLob(fullName: string, oid: string | undefined, now: number, pageSize: number): LobMeta
  /** Writes `data` at `offset`; -1 appends at the current end. */
  writeLob(fullName: string, oid: string, offset: number, data: Buffer): LobMeta
  readLob(fullName: string, oid: string, offset: number, length: number): Buffer
  lobMeta(fullName: string, oid: string): LobMeta | undefined
  truncateLob(fullName: string, oid: string, length: number): LobMeta
  /** Marks the LOB available (readable) again and sets its ModificationTime. */
  closeLob(fullName: string, oid: string, now: number): LobMeta
  /** Open an existing LOB for writing: -317 when someone else is writing it. */
  reopenLobForWrite(fullName: string, oid: string): LobMeta
  removeLob(fullName: string, oid: string): void
  listLobs(fullName: string): LobMeta[]

  /** Transactions: writes made with `txn` are undone by rollback (also after a crash). */
  beginTransaction(): number
  commitTransaction(txn: number): void
  rollbackTransaction(txn: number): void

  /** Replication: the primary's log, and the secondary's application of it. */
  currentLsn(): Lsn
  /**
   * Entries from `fromLsn` (a secondary's `currentLsn().offset`), at most `limit`; `[]` when the
   * caller is up to date; `null` when `fromLsn` is no longer (or never was) in this log: the
   * caller must then full-sync with `snapshot()` / `restoreSnapshot()`.
   */
  readOplog(fromLsn: number, limit: number): OplogEntry[] | null
  /** Applies a primary's entries in order (entries already applied are skipped). */
  applyOplog(entries: readonly OplogEntry[]): void
  /** The whole node state as bytes (full sync source). */
  snapshot(): Buffer
  /** Replaces this node's whole state with another node's `snapshot()`. */
  restoreSnapshot(bytes: Buffer): void

  close(): void
}

export { SqliteDataNodeStore, type DataNodeStoreOptions, type IndexKeysOf } from './data-node.js'
export { SqliteCatalogStore, SystemGroup, nodeDocument, partitionOf } from './catalog.js'
export { engineIndexKeysOf } from './engine-keys.js'
export { buildIndexDefinition, idIndexDefinition, indexDefinitionFromDocument } from './index-definition.js'

/** Opens (or creates) the catalog node's store. */
export function openCatalogStore(location: StoreLocation): CatalogStore {
  return new SqliteCatalogStore(location)
}

/** Opens (or creates) a data node's store (index keys from the engine's encoder by default). */
export function openDataNodeStore(location: StoreLocation, options: DataNodeStoreOptions = {}): DataNodeStore {
  return new SqliteDataNodeStore(location, options)
}
export { recordSource } from './record-source.js'
