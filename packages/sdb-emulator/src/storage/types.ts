import type { BsonDocument } from '@canopy/sdb-client/bson'

/**
 * Where a node keeps its durable files. Without `dataDir` the store lives in memory and is lost
 * when it is closed; with it, the node's SQLite database is `<dataDir>/<nodeName>/node.db`.
 */
export interface StoreLocation {
  /** Root data directory of the emulator (`--data-dir`), or undefined for an in-memory store. */
  readonly dataDir?: string | undefined
  /** File-system-safe node name, e.g. `catalog-11800` or `group1-11820`. */
  readonly nodeName: string
}

/** A record as stored on a data node: its record id (stable for the record's life) and document. */
export interface StoredRecord {
  readonly rid: number
  readonly doc: BsonDocument
}

/**
 * A range over an index's key bytes (the memcmp-sortable bytes of `engine/index-key.ts`).
 * A missing bound is open. `reverse` walks from the high end down.
 */
export interface KeyRange {
  readonly low?: Buffer | undefined
  readonly lowInclusive?: boolean | undefined
  readonly high?: Buffer | undefined
  readonly highInclusive?: boolean | undefined
  readonly reverse?: boolean | undefined
}

/** One entry yielded by an index scan: the entry's key bytes and the record it points at. */
export interface IndexEntry {
  readonly key: Buffer
  readonly rid: number
}

/**
 * An index definition as the catalog keeps it and as `$get indexes` shows it under `IndexDef`
 * (field names and types of the real server: `name`, `key`, `unique`, `enforced`, `NotNull`,
 * `NotArray`, `UniqueID` int64 ...).
 */
export interface IndexDefinition {
  readonly name: string
  /** Key pattern, e.g. `{ name: 1, age: -1 }`; field order is key order. */
  readonly key: BsonDocument
  readonly unique: boolean
  readonly enforced: boolean
  readonly notNull: boolean
  readonly notArray: boolean
  /** Catalog-assigned unique id (int64 on the wire). */
  readonly uniqueId: bigint
  /** The full `IndexDef` document in the real server's field order, ready to return. */
  readonly document: BsonDocument
}

/** Result counters of an insert (`FLG_INSERT_RETURNNUM`). */
export interface InsertResult {
  insertedNum: number
  duplicatedNum: number
  modifiedNum: number
}

/** Options of `DataNodeStore.insert`, from the insert flags of contract §7.2. */
export interface InsertOptions {
  /** `FLG_INSERT_CONTONDUP` (or `_ID` variant): skip duplicates and count them. */
  readonly continueOnDup?: boolean | undefined
  /** `FLG_INSERT_REPLACEONDUP` (or `_ID` variant): replace the existing record on a duplicate. */
  readonly replaceOnDup?: boolean | undefined
  /** Only `_id` duplicates are forgiven (`_ID` variants of the two flags above). */
  readonly onlyIdDup?: boolean | undefined
  /** Transaction the write belongs to (see `DataNodeStore.beginTransaction`). */
  readonly txn?: number | undefined
}

/** Per-collection statistics for snapshots (`$snapshot collections`, `$snapshot collectionspaces`). */
export interface CollectionStats {
  readonly totalRecords: number
  readonly totalDataBytes: number
  readonly totalIndexes: number
  readonly totalIndexEntries: number
  readonly totalDataPages: number
  readonly totalIndexPages: number
  readonly totalLobs: number
  readonly totalLobBytes: number
  readonly totalLobPages: number
}

/** A replication-log sequence number (`{Offset: int64, Version: int32}` in snapshots). */
export interface Lsn {
  readonly offset: number
  readonly version: number
}

/**
 * One oplog entry. Entries are physical (after-images), so a secondary applies them without the
 * engine and ends up byte-identical to the primary. Opaque to the runtime: it only ships entries
 * from a primary's `readOplog` to a secondary's `applyOplog`.
 */
export interface OplogEntry {
  /** Offset of this entry; the next entry starts at `lsn + length`. */
  readonly lsn: number
  readonly length: number
  readonly op: string
  readonly payload: Buffer
}

/** LOB metadata, as the open reply and `$list lobs` show it. */
export interface LobMeta {
  /** 12-byte ObjectId as hex. */
  readonly oid: string
  readonly size: number
  readonly createTime: number
  readonly modificationTime: number
  readonly pageSize: number
  /** True while a writer holds it open (listed with `Available: false`). */
  readonly available: boolean
}
