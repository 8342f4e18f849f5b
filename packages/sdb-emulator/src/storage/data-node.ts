import { decodeDocument, documentKeys, encodeDocument, Long, ObjectId, type BsonDocument } from '@canopy/sdb-client/bson'
import { SdbFault } from '../engine/fault.js'
import { inTransaction, openNodeDatabase, openSerializedDatabase, type SqliteDatabase, type SqliteStatement } from './database.js'
import { prefixEnd } from '../engine/index-key.js'
import { engineIndexKeysOf } from './engine-keys.js'
import { indexDefinitionFromDocument, readPath } from './index-definition.js'
import type { DataNodeStore } from './index.js'
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
  StoreLocation,
  StoredRecord,
} from './types.js'

/**
 * Turns a document into its index key bytes under a key pattern (memcmp-sortable, one key per
 * array element for multikey indexes). The engine's `index-key.ts` provides the real one.
 */
export type IndexKeysOf = (doc: BsonDocument, keyPattern: BsonDocument) => Buffer[]

interface LoadedIndex {
  readonly id: number
  readonly def: IndexDefinition
  readonly fields: readonly string[]
}

interface LoadedCollection {
  readonly id: number
  readonly name: string
  readonly indexes: readonly LoadedIndex[]
}

interface RecordRow {
  rid: number
  doc: Buffer
}

interface LobRow {
  oid: string
  size: number
  create_time: number
  mod_time: number
  page_size: number
  available: number
}

/** Which oplog entry does what; each is applied the same way on a primary and a secondary. */
const Op = {
  createCollection: 'cl.create',
  dropCollection: 'cl.drop',
  dropSpace: 'cs.drop',
  renameCollection: 'cl.rename',
  renameSpace: 'cs.rename',
  createIndex: 'ix.create',
  dropIndex: 'ix.drop',
  truncate: 'cl.truncate',
  putRecord: 'rec.put',
  removeRecord: 'rec.del',
  lobMeta: 'lob.meta',
  lobPiece: 'lob.piece',
  lobCut: 'lob.cut',
  lobRemove: 'lob.del',
} as const

/** Bytes an entry header takes in the real replication log; LSN offsets advance by entry size. */
const LOG_HEADER_BYTES = 48
/** How many oplog entries a node keeps for secondaries that fall behind; older ones need a full sync. */
const DEFAULT_OPLOG_KEEP = 200_000
const SCAN_PAGE = 512
const SDB_FNE = -4
const SDB_FE = -5
const SDB_EOF = -9
const SDB_INVALIDARG = -6
const SDB_DMS_NOTEXIST = -23
const SDB_IXM_DUP_KEY = -38
const SDB_LOB_IS_NOT_AVAILABLE = -269
const SDB_LOB_IS_IN_USE = -317

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS collections(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS records(rid INTEGER PRIMARY KEY, cl INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS records_by_collection ON records(cl, rid);
CREATE TABLE IF NOT EXISTS indexes(id INTEGER PRIMARY KEY, cl INTEGER NOT NULL, name TEXT NOT NULL,
  def BLOB NOT NULL, UNIQUE(cl, name));
CREATE TABLE IF NOT EXISTS index_entries(ix INTEGER NOT NULL, key BLOB NOT NULL, rid INTEGER NOT NULL,
  PRIMARY KEY(ix, key, rid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lobs(cl INTEGER NOT NULL, oid TEXT NOT NULL, size INTEGER NOT NULL,
  create_time INTEGER NOT NULL, mod_time INTEGER NOT NULL, page_size INTEGER NOT NULL,
  available INTEGER NOT NULL, PRIMARY KEY(cl, oid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lob_pieces(cl INTEGER NOT NULL, oid TEXT NOT NULL, piece INTEGER NOT NULL,
  data BLOB NOT NULL, PRIMARY KEY(cl, oid, piece)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS oplog(lsn INTEGER PRIMARY KEY, length INTEGER NOT NULL, op TEXT NOT NULL,
  payload BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS undo(txn INTEGER NOT NULL, seq INTEGER NOT NULL, cl TEXT NOT NULL,
  rid INTEGER NOT NULL, doc BLOB, PRIMARY KEY(txn, seq)) WITHOUT ROWID;
`

/** Options of {@link SqliteDataNodeStore}. */
export interface DataNodeStoreOptions {
  /** Index key encoder; the engine's (`engineIndexKeysOf`) when omitted. */
  readonly indexKeysOf?: IndexKeysOf | undefined
  /** Oplog entries kept for lagging secondaries (default 200,000). */
  readonly oplogKeep?: number | undefined
}

/**
 * A data node's store over one SQLite database: records by rid, indexes as a WITHOUT ROWID table
 * ordered by (index, key bytes, rid), LOB pieces, an undo log per transaction and the oplog.
 *
 * Every mutation is expressed as an oplog entry and applied by the same code on the primary and,
 * through `applyOplog`, on its secondaries, so replicas stay identical down to record ids.
 */
export class SqliteDataNodeStore implements DataNodeStore {
  readonly nodeName: string
  private db: SqliteDatabase
  private readonly indexKeysOf: IndexKeysOf
  private readonly oplogKeep: number
  private readonly statements = new Map<string, SqliteStatement>()
  private collections = new Map<string, LoadedCollection>()
  private nextLsn = 0
  private nextRid = 1
  private keyMemo: { doc: BsonDocument; keys: Map<number, Buffer[]> } | undefined
  /** Record count and bytes per collection id, counted once and then kept up to date. */
  private readonly counters = new Map<number, { records: number; bytes: number }>()
  /**
   * Entries and bytes per index (by index id), counted on first use and then maintained, so a
   * `$snapshot collections` costs no full index scan (a monitoring poll every 2 s would otherwise
   * scan a million-entry `$id` index each time).
   */
  private readonly indexCounters = new Map<number, { entries: number; bytes: number }>()
  private appendsSinceTrim = 0
  private readonly activeTransactions = new Set<number>()

  constructor(location: StoreLocation, options: DataNodeStoreOptions = {}) {
    this.nodeName = location.nodeName
    this.indexKeysOf = options.indexKeysOf ?? engineIndexKeysOf
    this.oplogKeep = options.oplogKeep ?? DEFAULT_OPLOG_KEEP
    this.db = openNodeDatabase(location)
    this.initialise()
  }

  private initialise(): void {
    this.db.exec(SCHEMA)
    this.statements.clear()
    this.resync()
    // Writes of transactions that never committed (the process died) are undone on open.
    const pending = this.stmt('SELECT DISTINCT txn FROM undo').all() as { txn: number }[]
    for (const { txn } of pending) this.rollbackTransaction(txn)
  }

  /** Rebuilds what is cached in memory from the database (after open, or a rolled-back write). */
  private resync(): void {
    this.loadCollections()
    const last = this.stmt('SELECT lsn, length FROM oplog ORDER BY lsn DESC LIMIT 1').get() as
      | { lsn: number; length: number }
      | undefined
    this.nextLsn = last === undefined ? 0 : last.lsn + last.length
    // Rids are never reused while an undo step may still name a removed record's rid.
    const rids = this.stmt('SELECT max(coalesce((SELECT max(rid) FROM records), 0), coalesce((SELECT max(rid) FROM undo), 0)) AS top').get() as {
      top: number
    }
    this.nextRid = Math.max(this.nextRid, rids.top + 1)
    this.counters.clear()
    this.indexCounters.clear()
    this.keyMemo = undefined
  }

  /**
   * Runs `fn` atomically (a transaction, or a savepoint inside the caller's). When it fails the
   * database rolls back, and so must the in-memory caches (LSN, collections, counters).
   */
  private atomic<T>(fn: () => T): T {
    try {
      return inTransaction(this.db, fn)
    } catch (error) {
      if (this.db.open) this.resync()
      throw error
    }
  }

  private stmt(sql: string): SqliteStatement {
    let statement = this.statements.get(sql)
    if (statement === undefined) {
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  private metaValue(key: string): number {
    const row = this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: number } | undefined
    return row?.value ?? 0
  }

  private setMeta(key: string, value: number): void {
    this.stmt('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      key,
      value,
    )
  }

  private loadCollections(): void {
    const map = new Map<string, LoadedCollection>()
    const rows = this.stmt('SELECT id, name FROM collections').all() as { id: number; name: string }[]
    const indexRows = this.stmt('SELECT id, cl, def FROM indexes ORDER BY id').all() as {
      id: number
      cl: number
      def: Buffer
    }[]
    for (const row of rows) {
      const indexes = indexRows
        .filter((ix) => ix.cl === row.id)
        .map((ix): LoadedIndex => {
          const def = indexDefinitionFromDocument(decodeDocument(ix.def))
          return { id: ix.id, def, fields: documentKeys(def.key) }
        })
      map.set(row.name, { id: row.id, name: row.name, indexes })
    }
    this.collections = map
  }

  private collection(fullName: string): LoadedCollection {
    const found = this.collections.get(fullName)
    if (found === undefined) throw new SdbFault(SDB_DMS_NOTEXIST, `Collection ${fullName} does not exist`)
    return found
  }

  // ---- oplog ---------------------------------------------------------------------------------

  /** Appends an entry to the local oplog and applies it: the only way state changes. */
  private execute(op: string, meta: Record<string, unknown>, raw?: Buffer, doc?: BsonDocument): void {
    const payload = encodePayload(meta, raw)
    const length = LOG_HEADER_BYTES + payload.length
    const lsn = this.nextLsn
    this.stmt('INSERT INTO oplog(lsn, length, op, payload) VALUES (?, ?, ?, ?)').run(lsn, length, op, payload)
    this.nextLsn = lsn + length
    this.apply(op, meta, raw ?? EMPTY, doc)
    this.maybeTrim()
  }

  private maybeTrim(): void {
    this.appendsSinceTrim += 1
    if (this.appendsSinceTrim < 4096) return
    this.appendsSinceTrim = 0
    const cut = this.stmt('SELECT lsn FROM oplog ORDER BY lsn DESC LIMIT 1 OFFSET ?').get(this.oplogKeep) as
      | { lsn: number }
      | undefined
    if (cut !== undefined) {
      this.stmt('DELETE FROM oplog WHERE lsn <= ?').run(cut.lsn)
    }
  }

  currentLsn(): Lsn {
    return { offset: this.nextLsn, version: 1 }
  }

  readOplog(fromLsn: number, limit: number): OplogEntry[] | null {
    if (fromLsn >= this.nextLsn) return []
    const first = this.stmt('SELECT lsn FROM oplog ORDER BY lsn LIMIT 1').get() as { lsn: number } | undefined
    if (first === undefined || fromLsn < first.lsn) return null
    const rows = this.stmt('SELECT lsn, length, op, payload FROM oplog WHERE lsn >= ? ORDER BY lsn LIMIT ?').all(
      fromLsn,
      limit,
    ) as OplogEntry[]
    // An offset that is not an entry boundary means the caller's log diverged from ours.
    if (rows[0]?.lsn !== fromLsn) return null
    return rows
  }

  applyOplog(entries: readonly OplogEntry[]): void {
    this.atomic(() => {
      for (const entry of entries) {
        if (entry.lsn < this.nextLsn) continue
        if (entry.lsn !== this.nextLsn) {
          throw new SdbFault(SDB_INVALIDARG, `oplog gap: expected ${String(this.nextLsn)}, got ${String(entry.lsn)}`)
        }
        const { meta, raw } = decodePayload(entry.payload)
        this.stmt('INSERT INTO oplog(lsn, length, op, payload) VALUES (?, ?, ?, ?)').run(
          entry.lsn,
          entry.length,
          entry.op,
          entry.payload,
        )
        this.nextLsn = entry.lsn + entry.length
        this.apply(entry.op, meta, raw)
        this.maybeTrim()
      }
    })
  }

  /** The whole database as bytes, for a full sync of a secondary that fell too far behind. */
  snapshot(): Buffer {
    return this.db.serialize()
  }

  /** Replaces this node's whole state with a primary's {@link snapshot} (full sync). */
  restoreSnapshot(bytes: Buffer): void {
    const copy = openSerializedDatabase(bytes)
    try {
      this.atomic(() => {
        const tables = ['meta', 'collections', 'records', 'indexes', 'index_entries', 'lobs', 'lob_pieces', 'oplog']
        for (const table of [...tables, 'undo']) this.db.prepare(`DELETE FROM ${table}`).run()
        // The primary's undo log stays behind: its open transactions are the primary's to finish,
        // and a copy here would be rolled back on open, making this node diverge.
        for (const table of tables) {
          const rows = copy.prepare(`SELECT * FROM ${table}`).raw().iterate() as IterableIterator<unknown[]>
          let insert: SqliteStatement | undefined
          for (const row of rows) {
            insert ??= this.db.prepare(`INSERT INTO ${table} VALUES (${row.map(() => '?').join(', ')})`)
            insert.run(...row)
          }
        }
      })
    } finally {
      copy.close()
    }
    this.activeTransactions.clear()
    this.initialise()
  }

  /** `doc` = `raw` decoded, when the caller has it already (the primary's own writes). */
  private apply(op: string, meta: Record<string, unknown>, raw: Buffer, doc?: BsonDocument): void {
    switch (op) {
      case Op.putRecord:
        this.applyPut(str(meta['c']), num(meta['r']), raw, doc ?? decodeDocument(raw), meta['n'] === 1)
        return
      case Op.removeRecord:
        this.applyRemove(str(meta['c']), num(meta['r']))
        return
      case Op.createCollection:
        this.applyCreateCollection(str(meta['c']), raw)
        return
      case Op.dropCollection:
        this.applyDropCollection(str(meta['c']))
        return
      case Op.dropSpace:
        for (const name of [...this.collections.keys()]) {
          if (name.startsWith(`${str(meta['s'])}.`)) this.applyDropCollection(name)
        }
        return
      case Op.renameCollection:
        this.stmt('UPDATE collections SET name = ? WHERE name = ?').run(str(meta['n']), str(meta['c']))
        this.loadCollections()
        return
      case Op.renameSpace: {
        const from = `${str(meta['s'])}.`
        for (const name of [...this.collections.keys()]) {
          if (name.startsWith(from)) {
            this.stmt('UPDATE collections SET name = ? WHERE name = ?').run(`${str(meta['n'])}.${name.slice(from.length)}`, name)
          }
        }
        this.loadCollections()
        return
      }
      case Op.createIndex:
        this.applyCreateIndex(str(meta['c']), raw)
        return
      case Op.dropIndex: {
        const cl = this.collection(str(meta['c']))
        const ix = cl.indexes.find((candidate) => candidate.def.name === str(meta['i']))
        if (ix !== undefined) {
          this.stmt('DELETE FROM index_entries WHERE ix = ?').run(ix.id)
          this.indexCounters.delete(ix.id)
          this.stmt('DELETE FROM indexes WHERE id = ?').run(ix.id)
          this.loadCollections()
        }
        return
      }
      case Op.truncate: {
        const cl = this.collection(str(meta['c']))
        this.stmt('DELETE FROM records WHERE cl = ?').run(cl.id)
        this.counters.delete(cl.id)
        for (const ix of cl.indexes) {
          this.stmt('DELETE FROM index_entries WHERE ix = ?').run(ix.id)
          this.indexCounters.delete(ix.id)
        }
        this.stmt('DELETE FROM lob_pieces WHERE cl = ?').run(cl.id)
        this.stmt('DELETE FROM lobs WHERE cl = ?').run(cl.id)
        return
      }
      case Op.lobMeta: {
        const cl = this.collection(str(meta['c']))
        this.stmt(
          `INSERT INTO lobs(cl, oid, size, create_time, mod_time, page_size, available) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(cl, oid) DO UPDATE SET size = excluded.size, mod_time = excluded.mod_time,
           available = excluded.available`,
        ).run(cl.id, str(meta['o']), num(meta['size']), num(meta['ct']), num(meta['mt']), num(meta['ps']), num(meta['av']))
        return
      }
      case Op.lobPiece: {
        const cl = this.collection(str(meta['c']))
        this.stmt(
          'INSERT INTO lob_pieces(cl, oid, piece, data) VALUES (?, ?, ?, ?) ON CONFLICT(cl, oid, piece) DO UPDATE SET data = excluded.data',
        ).run(cl.id, str(meta['o']), num(meta['n']), raw)
        return
      }
      case Op.lobCut: {
        const cl = this.collection(str(meta['c']))
        this.stmt('DELETE FROM lob_pieces WHERE cl = ? AND oid = ? AND piece >= ?').run(cl.id, str(meta['o']), num(meta['n']))
        return
      }
      case Op.lobRemove: {
        const cl = this.collection(str(meta['c']))
        this.stmt('DELETE FROM lob_pieces WHERE cl = ? AND oid = ?').run(cl.id, str(meta['o']))
        this.stmt('DELETE FROM lobs WHERE cl = ? AND oid = ?').run(cl.id, str(meta['o']))
        return
      }
      default:
        throw new SdbFault(SDB_INVALIDARG, `unknown oplog entry ${op}`)
    }
  }

  private applyCreateCollection(fullName: string, raw: Buffer): void {
    if (this.collections.has(fullName)) return
    const info = this.stmt('INSERT INTO collections(name) VALUES (?)').run(fullName)
    const clId = Number(info.lastInsertRowid)
    const defs = decodeDocument(raw)['i']
    if (Array.isArray(defs)) {
      for (const def of defs) {
        this.stmt('INSERT INTO indexes(cl, name, def) VALUES (?, ?, ?)').run(
          clId,
          indexDefinitionFromDocument(def as BsonDocument).name,
          encodeDocument(def as BsonDocument),
        )
      }
    }
    this.loadCollections()
  }

  private applyDropCollection(fullName: string): void {
    const cl = this.collections.get(fullName)
    if (cl === undefined) return
    for (const ix of cl.indexes) {
      this.stmt('DELETE FROM index_entries WHERE ix = ?').run(ix.id)
      this.indexCounters.delete(ix.id)
    }
    this.stmt('DELETE FROM indexes WHERE cl = ?').run(cl.id)
    this.stmt('DELETE FROM records WHERE cl = ?').run(cl.id)
    this.counters.delete(cl.id)
    this.stmt('DELETE FROM lob_pieces WHERE cl = ?').run(cl.id)
    this.stmt('DELETE FROM lobs WHERE cl = ?').run(cl.id)
    this.stmt('DELETE FROM collections WHERE id = ?').run(cl.id)
    this.loadCollections()
  }

  private applyCreateIndex(fullName: string, raw: Buffer): void {
    const cl = this.collection(fullName)
    const def = indexDefinitionFromDocument(decodeDocument(raw))
    if (cl.indexes.some((ix) => ix.def.name === def.name)) return
    const info = this.stmt('INSERT INTO indexes(cl, name, def) VALUES (?, ?, ?)').run(cl.id, def.name, raw)
    const ixId = Number(info.lastInsertRowid)
    const insert = this.stmt('INSERT OR IGNORE INTO index_entries(ix, key, rid) VALUES (?, ?, ?)')
    for (const row of this.stmt('SELECT rid, doc FROM records WHERE cl = ? ORDER BY rid').all(cl.id) as RecordRow[]) {
      for (const key of this.indexKeysOf(decodeDocument(row.doc), def.key)) insert.run(ixId, key, row.rid)
    }
    this.loadCollections()
  }

  /** `fresh`: a newly allocated rid (rids are never reused), so there is no old record to read. */
  /**
   * Index keys of a document, remembered for the last document seen: an insert computes them
   * for the uniqueness check and then again to write the entries, on the same object.
   */
  private keysOf(doc: BsonDocument, ix: LoadedIndex): Buffer[] {
    if (this.keyMemo?.doc !== doc) this.keyMemo = { doc, keys: new Map() }
    let keys = this.keyMemo.keys.get(ix.id)
    if (keys === undefined) {
      keys = this.indexKeysOf(doc, ix.def.key)
      this.keyMemo.keys.set(ix.id, keys)
    }
    return keys
  }

  private applyPut(fullName: string, rid: number, bytes: Buffer, doc: BsonDocument, fresh: boolean): void {
    const cl = this.collection(fullName)
    const old = fresh ? undefined : (this.stmt('SELECT doc FROM records WHERE rid = ?').get(rid) as { doc: Buffer } | undefined)
    const oldDoc = old === undefined ? undefined : decodeDocument(old.doc)
    for (const ix of cl.indexes) {
      const newKeys = this.keysOf(doc, ix)
      const oldKeys = oldDoc === undefined ? [] : this.keysOf(oldDoc, ix)
      // Unchanged keys are left alone: an update of a non-indexed field costs no index writes.
      for (const key of oldKeys) {
        if (!newKeys.some((candidate) => candidate.equals(key))) {
          this.countIndexEntry(ix.id, key, -this.stmt('DELETE FROM index_entries WHERE ix = ? AND key = ? AND rid = ?').run(ix.id, key, rid).changes)
        }
      }
      for (const key of newKeys) {
        if (!oldKeys.some((candidate) => candidate.equals(key))) {
          this.countIndexEntry(ix.id, key, this.stmt('INSERT OR IGNORE INTO index_entries(ix, key, rid) VALUES (?, ?, ?)').run(ix.id, key, rid).changes)
        }
      }
    }
    const counter = this.counters.get(cl.id)
    if (old === undefined) {
      this.stmt('INSERT INTO records(rid, cl, doc) VALUES (?, ?, ?)').run(rid, cl.id, bytes)
      if (counter !== undefined) {
        counter.records += 1
        counter.bytes += bytes.length
      }
    } else {
      this.stmt('UPDATE records SET doc = ? WHERE rid = ?').run(bytes, rid)
      if (counter !== undefined) counter.bytes += bytes.length - old.doc.length
    }
    if (rid >= this.nextRid) this.nextRid = rid + 1
  }

  /** Keeps a known index counter in step with `delta` entries of `key` written (+) or removed (-). */
  private countIndexEntry(ixId: number, key: Buffer, delta: number): void {
    const counter = this.indexCounters.get(ixId)
    if (counter === undefined || delta === 0) return
    counter.entries += delta
    counter.bytes += delta * (key.length + 8)
  }

  private applyRemove(fullName: string, rid: number): void {
    const cl = this.collection(fullName)
    const old = this.stmt('SELECT doc FROM records WHERE rid = ?').get(rid) as { doc: Buffer } | undefined
    if (old === undefined) return
    const oldDoc = decodeDocument(old.doc)
    for (const ix of cl.indexes) {
      for (const key of this.indexKeysOf(oldDoc, ix.def.key)) {
        this.countIndexEntry(ix.id, key, -this.stmt('DELETE FROM index_entries WHERE ix = ? AND key = ? AND rid = ?').run(ix.id, key, rid).changes)
      }
    }
    this.stmt('DELETE FROM records WHERE rid = ?').run(rid)
    const counter = this.counters.get(cl.id)
    if (counter !== undefined) {
      counter.records -= 1
      counter.bytes -= old.doc.length
    }
  }

  // ---- schema --------------------------------------------------------------------------------

  createCollection(fullName: string, indexes: readonly IndexDefinition[]): void {
    if (this.collections.has(fullName)) return
    this.atomic(() => {
      this.execute(Op.createCollection, { c: fullName }, encodeDocument({ i: indexes.map((def) => def.document) }))
    })
  }

  dropCollection(fullName: string): void {
    this.collection(fullName)
    this.atomic(() => {
      this.execute(Op.dropCollection, { c: fullName })
    })
  }

  dropCollectionSpace(space: string): void {
    this.atomic(() => {
      this.execute(Op.dropSpace, { s: space })
    })
  }

  renameCollection(oldFullName: string, newFullName: string): void {
    this.collection(oldFullName)
    this.atomic(() => {
      this.execute(Op.renameCollection, { c: oldFullName, n: newFullName })
    })
  }

  renameCollectionSpace(oldSpace: string, newSpace: string): void {
    this.atomic(() => {
      this.execute(Op.renameSpace, { s: oldSpace, n: newSpace })
    })
  }

  hasCollection(fullName: string): boolean {
    return this.collections.has(fullName)
  }

  collectionNames(): string[] {
    return [...this.collections.keys()]
  }

  /** Index definitions of a collection as this node holds them. */
  indexes(fullName: string): IndexDefinition[] {
    return this.collection(fullName).indexes.map((ix) => ix.def)
  }

  createIndex(fullName: string, def: IndexDefinition): void {
    const cl = this.collection(fullName)
    if (cl.indexes.some((ix) => ix.def.name === def.name)) return
    if (def.unique) {
      // A unique index over existing duplicates is refused before anything is written.
      const seen = new Set<string>()
      for (const record of this.tableScan(fullName)) {
        if (!this.participatesInUniqueness(record.doc, def)) continue
        for (const key of this.indexKeysOf(record.doc, def.key)) {
          const hex = key.toString('hex')
          if (seen.has(hex)) throw this.duplicateFault(def, record.doc, { insertedNum: 0, duplicatedNum: 0, modifiedNum: 0 })
          seen.add(hex)
        }
      }
    }
    this.atomic(() => {
      this.execute(Op.createIndex, { c: fullName }, encodeDocument(def.document))
    })
  }

  dropIndex(fullName: string, name: string): void {
    this.collection(fullName)
    this.atomic(() => {
      this.execute(Op.dropIndex, { c: fullName, i: name })
    })
  }

  truncate(fullName: string): void {
    this.collection(fullName)
    this.atomic(() => {
      this.execute(Op.truncate, { c: fullName })
    })
  }

  // ---- records -------------------------------------------------------------------------------

  /**
   * SequoiaDB lets a unique, non-enforced index hold many records that lack every key field;
   * an enforced one (and `$id`) treats a missing key like any other value.
   */
  private participatesInUniqueness(doc: BsonDocument, def: IndexDefinition): boolean {
    if (def.enforced) return true
    return Object.keys(def.key).some((field) => readPath(doc, field) !== undefined)
  }

  /** The first record (other than `self`) that a unique index of `cl` says `doc` collides with. */
  private findConflict(cl: LoadedCollection, doc: BsonDocument, self: number | undefined): { ix: LoadedIndex; rid: number } | undefined {
    for (const ix of cl.indexes) {
      if (!ix.def.unique || !this.participatesInUniqueness(doc, ix.def)) continue
      for (const key of this.keysOf(doc, ix)) {
        const rows = this.stmt('SELECT rid FROM index_entries WHERE ix = ? AND key = ? LIMIT 2').all(ix.id, key) as { rid: number }[]
        const other = rows.find((row) => row.rid !== self)
        if (other !== undefined) return { ix, rid: other.rid }
      }
    }
    return undefined
  }

  private duplicateFault(def: IndexDefinition, doc: BsonDocument, counts: InsertResult): SdbFault {
    const indexValue: BsonDocument = {}
    for (const field of Object.keys(def.key)) {
      const value = readPath(doc, field)
      if (value !== undefined) indexValue[field] = value
    }
    return new SdbFault(SDB_IXM_DUP_KEY, '', {
      InsertedNum: Long.fromNumber(counts.insertedNum),
      DuplicatedNum: Long.fromNumber(counts.duplicatedNum),
      ModifiedNum: Long.fromNumber(counts.modifiedNum),
      IndexName: def.name,
      Index: def.key,
      IndexValue: indexValue,
    })
  }

  private allocateRid(): number {
    const rid = this.nextRid
    this.nextRid += 1
    return rid
  }

  insert(fullName: string, docs: readonly BsonDocument[], options: InsertOptions = {}): InsertResult {
    const cl = this.collection(fullName)
    const result: InsertResult = { insertedNum: 0, duplicatedNum: 0, modifiedNum: 0 }
    let failure: SdbFault | undefined
    this.atomic(() => {
      for (const given of docs) {
        this.keyMemo = undefined
        const doc = withId(given)
        const conflict = this.findConflict(cl, doc, undefined)
        if (conflict !== undefined) {
          const forgiven = options.onlyIdDup !== true || conflict.ix.def.name === '$id'
          if (forgiven && options.replaceOnDup === true) {
            const bytes = encodeDocument(doc)
            this.recordUndo(options.txn, fullName, conflict.rid)
            this.removeConflictsThenPut(cl, fullName, conflict.rid, doc, bytes, options.txn)
            result.duplicatedNum += 1
            result.modifiedNum += 1
            continue
          }
          if (forgiven && options.continueOnDup === true) {
            result.duplicatedNum += 1
            continue
          }
          // Records before the duplicate stay inserted, as on the real server.
          failure = this.duplicateFault(conflict.ix.def, doc, result)
          return
        }
        const rid = this.allocateRid()
        this.recordUndo(options.txn, fullName, rid, null)
        this.execute(Op.putRecord, { c: fullName, r: rid, n: 1 }, encodeDocument(doc), doc)
        result.insertedNum += 1
      }
    })
    this.keyMemo = undefined
    if (failure !== undefined) throw failure
    return result
  }

  /** Replace-on-dup: the new document takes the conflicting record's place (same rid). */
  private removeConflictsThenPut(
    cl: LoadedCollection,
    fullName: string,
    rid: number,
    doc: BsonDocument,
    bytes: Buffer,
    txn: number | undefined,
  ): void {
    // The new document may also collide through another unique index with other records.
    for (let other = this.findConflict(cl, doc, rid); other !== undefined; other = this.findConflict(cl, doc, rid)) {
      this.recordUndo(txn, fullName, other.rid)
      this.execute(Op.removeRecord, { c: fullName, r: other.rid })
    }
    this.execute(Op.putRecord, { c: fullName, r: rid }, bytes, doc)
  }

  replaceRecord(fullName: string, rid: number, doc: BsonDocument, txn?: number): void {
    // The caller may hand the same object again after changing it: never trust older keys.
    this.keyMemo = undefined
    const cl = this.collection(fullName)
    this.atomic(() => {
      const conflict = this.findConflict(cl, doc, rid)
      if (conflict !== undefined) throw this.duplicateFault(conflict.ix.def, doc, { insertedNum: 0, duplicatedNum: 0, modifiedNum: 0 })
      this.recordUndo(txn, fullName, rid)
      this.execute(Op.putRecord, { c: fullName, r: rid }, encodeDocument(doc), doc)
    })
  }

  removeRecord(fullName: string, rid: number, txn?: number): void {
    this.collection(fullName)
    this.atomic(() => {
      this.recordUndo(txn, fullName, rid)
      this.execute(Op.removeRecord, { c: fullName, r: rid })
    })
  }

  batch<T>(fn: () => T): T {
    return this.atomic(fn)
  }

  *tableScan(fullName: string): Generator<StoredRecord> {
    let last = 0
    for (;;) {
      const cl = this.collections.get(fullName)
      if (cl === undefined) return
      const rows = this.stmt('SELECT rid, doc FROM records WHERE cl = ? AND rid > ? ORDER BY rid LIMIT ?').all(
        cl.id,
        last,
        SCAN_PAGE,
      ) as RecordRow[]
      for (const row of rows) yield { rid: row.rid, doc: decodeDocument(row.doc) }
      const tail = rows.at(-1)
      if (tail === undefined || rows.length < SCAN_PAGE) return
      last = tail.rid
    }
  }

  /**
   * Index entries of one range, in key order, read a page at a time. `firstPage` sizes the first
   * read: small by default, since most index scans are point lookups that need one row; a caller
   * that knows how many rows it will take (a page of a query) asks for them in one statement.
   */
  *indexScan(fullName: string, indexName: string, range: KeyRange, firstPage = 16): Generator<IndexEntry> {
    const reverse = range.reverse === true
    let resume: IndexEntry | undefined
    let page = Math.max(1, Math.min(firstPage, SCAN_PAGE))
    for (;;) {
      const cl = this.collections.get(fullName)
      const ix = cl?.indexes.find((candidate) => candidate.def.name === indexName)
      if (ix === undefined) {
        if (resume === undefined) throw new SdbFault(-47, `Index ${indexName} does not exist`)
        return
      }
      const where = ['ix = ?']
      const params: unknown[] = [ix.id]
      const exact = exactKey(range, ix.fields.length)
      if (exact !== undefined) {
        // An equality lookup on a one-field index: a B-tree seek instead of a range walk.
        where.push('key = ?')
        params.push(exact)
        if (resume !== undefined) {
          where.push(reverse ? 'rid < ?' : 'rid > ?')
          params.push(resume.rid)
        }
      } else {
        if (range.low !== undefined) {
          where.push(range.lowInclusive === false ? 'key > ?' : 'key >= ?')
          params.push(range.low)
        }
        if (range.high !== undefined) {
          where.push(range.highInclusive === false ? 'key < ?' : 'key <= ?')
          params.push(range.high)
        }
        if (resume !== undefined) {
          where.push(reverse ? '(key, rid) < (?, ?)' : '(key, rid) > (?, ?)')
          params.push(resume.key, resume.rid)
        }
      }
      const order = reverse ? 'key DESC, rid DESC' : 'key, rid'
      const rows = this.stmt(`SELECT key, rid FROM index_entries WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`).all(
        ...params,
        page,
      ) as IndexEntry[]
      yield* rows
      const tail = rows.at(-1)
      if (tail === undefined || rows.length < page) return
      resume = tail
      page = SCAN_PAGE
    }
  }

  fetch(fullName: string, rid: number): BsonDocument | undefined {
    const cl = this.collections.get(fullName)
    if (cl === undefined) return undefined
    const row = this.stmt('SELECT doc FROM records WHERE rid = ? AND cl = ?').get(rid, cl.id) as { doc: Buffer } | undefined
    return row === undefined ? undefined : decodeDocument(row.doc)
  }

  /** Record count and bytes of a collection (counted on first use, then maintained). */
  private counter(cl: LoadedCollection): { records: number; bytes: number } {
    let counter = this.counters.get(cl.id)
    if (counter === undefined) {
      const row = this.stmt('SELECT count(*) AS n, coalesce(sum(length(doc)), 0) AS bytes FROM records WHERE cl = ?').get(cl.id) as {
        n: number
        bytes: number
      }
      counter = { records: row.n, bytes: row.bytes }
      this.counters.set(cl.id, counter)
    }
    return counter
  }

  count(fullName: string): number {
    return this.counter(this.collection(fullName)).records
  }

  stats(fullName: string): CollectionStats {
    const cl = this.collection(fullName)
    const counter = this.counter(cl)
    const records = { n: counter.records, bytes: counter.bytes }
    let entries = 0
    let indexBytes = 0
    for (const ix of cl.indexes) {
      let counter = this.indexCounters.get(ix.id)
      if (counter === undefined) {
        const row = this.stmt('SELECT count(*) AS n, coalesce(sum(length(key)) + 8 * count(*), 0) AS bytes FROM index_entries WHERE ix = ?').get(
          ix.id,
        ) as { n: number; bytes: number }
        counter = { entries: row.n, bytes: row.bytes }
        this.indexCounters.set(ix.id, counter)
      }
      entries += counter.entries
      indexBytes += counter.bytes
    }
    const lobs = this.stmt(
      'SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes, coalesce(sum((size + page_size - 1) / page_size), 0) AS pages FROM lobs WHERE cl = ?',
    ).get(cl.id) as { n: number; bytes: number; pages: number }
    const page = 65536
    return {
      totalRecords: records.n,
      totalDataBytes: records.bytes,
      totalIndexes: cl.indexes.length,
      totalIndexEntries: entries,
      totalDataPages: Math.ceil(records.bytes / page),
      // Every index has at least its root page, as a B-tree on the real server does.
      totalIndexPages: cl.indexes.length + Math.ceil(indexBytes / page),
      totalLobs: lobs.n,
      totalLobBytes: lobs.bytes,
      totalLobPages: lobs.pages,
    }
  }

  // ---- transactions --------------------------------------------------------------------------

  /** Remembers a record's before-image (or its absence, `null`) for rollback. */
  private recordUndo(txn: number | undefined, fullName: string, rid: number, before?: Buffer | null): void {
    if (txn === undefined) return
    if (!this.activeTransactions.has(txn)) throw new SdbFault(-196, 'Transaction does not exist')
    let image = before
    if (image === undefined) {
      const row = this.stmt('SELECT doc FROM records WHERE rid = ?').get(rid) as { doc: Buffer } | undefined
      image = row?.doc ?? null
    }
    const seq = this.stmt('SELECT coalesce(max(seq), 0) + 1 AS seq FROM undo WHERE txn = ?').get(txn) as { seq: number }
    this.stmt('INSERT INTO undo(txn, seq, cl, rid, doc) VALUES (?, ?, ?, ?, ?)').run(txn, seq.seq, fullName, rid, image)
  }

  beginTransaction(): number {
    const txn = this.metaValue('nextTxn') + 1
    this.setMeta('nextTxn', txn)
    this.activeTransactions.add(txn)
    return txn
  }

  commitTransaction(txn: number): void {
    this.stmt('DELETE FROM undo WHERE txn = ?').run(txn)
    this.activeTransactions.delete(txn)
  }

  rollbackTransaction(txn: number): void {
    this.atomic(() => {
      const steps = this.stmt('SELECT cl, rid, doc FROM undo WHERE txn = ? ORDER BY seq DESC').all(txn) as {
        cl: string
        rid: number
        doc: Buffer | null
      }[]
      for (const step of steps) {
        // A collection dropped since the write has nothing left to restore.
        if (!this.collections.has(step.cl)) continue
        if (step.doc === null) this.execute(Op.removeRecord, { c: step.cl, r: step.rid })
        else this.execute(Op.putRecord, { c: step.cl, r: step.rid }, step.doc)
      }
      this.stmt('DELETE FROM undo WHERE txn = ?').run(txn)
    })
    this.activeTransactions.delete(txn)
  }

  // ---- LOBs ----------------------------------------------------------------------------------

  private lobRow(cl: LoadedCollection, oid: string): LobRow | undefined {
    return this.stmt('SELECT oid, size, create_time, mod_time, page_size, available FROM lobs WHERE cl = ? AND oid = ?').get(
      cl.id,
      oid,
    ) as LobRow | undefined
  }

  private existingLob(fullName: string, oid: string): { cl: LoadedCollection; row: LobRow } {
    const cl = this.collection(fullName)
    const row = this.lobRow(cl, oid)
    if (row === undefined) throw new SdbFault(SDB_FNE, `LOB ${oid} does not exist`)
    return { cl, row }
  }

  private putLobMeta(fullName: string, row: LobRow): void {
    this.execute(Op.lobMeta, {
      c: fullName,
      o: row.oid,
      size: row.size,
      ct: row.create_time,
      mt: row.mod_time,
      ps: row.page_size,
      av: row.available,
    })
  }

  createLob(fullName: string, oid: string | undefined, now: number, pageSize: number): LobMeta {
    const cl = this.collection(fullName)
    const id = oid ?? new ObjectId().toHexString()
    if (!/^[0-9a-f]{24}$/.test(id)) throw new SdbFault(SDB_INVALIDARG, `invalid LOB id ${id}`)
    if (this.lobRow(cl, id) !== undefined) throw new SdbFault(SDB_FE, `LOB ${id} exists`)
    const row: LobRow = { oid: id, size: 0, create_time: now, mod_time: now, page_size: pageSize > 0 ? pageSize : 262144, available: 0 }
    this.atomic(() => {
      this.putLobMeta(fullName, row)
    })
    return lobMeta(row)
  }

  writeLob(fullName: string, oid: string, offset: number, data: Buffer): LobMeta {
    const { cl, row } = this.existingLob(fullName, oid)
    // Drivers send offset -1 for "append at the current end" (node-sequoiadb's sequential writes).
    if (offset === -1) offset = row.size
    if (offset < 0) throw new SdbFault(SDB_INVALIDARG, 'negative LOB offset')
    const pageSize = row.page_size
    this.atomic(() => {
      let written = 0
      while (written < data.length) {
        const position = offset + written
        const piece = Math.floor(position / pageSize)
        const within = position - piece * pageSize
        const take = Math.min(pageSize - within, data.length - written)
        const existing = this.stmt('SELECT data FROM lob_pieces WHERE cl = ? AND oid = ? AND piece = ?').get(cl.id, oid, piece) as
          | { data: Buffer }
          | undefined
        const length = Math.max(existing?.data.length ?? 0, within + take)
        const bytes = Buffer.alloc(length)
        existing?.data.copy(bytes)
        data.copy(bytes, within, written, written + take)
        this.execute(Op.lobPiece, { c: fullName, o: oid, n: piece }, bytes)
        written += take
      }
      row.size = Math.max(row.size, offset + data.length)
      this.putLobMeta(fullName, row)
    })
    return lobMeta(row)
  }

  readLob(fullName: string, oid: string, offset: number, length: number): Buffer {
    const { cl, row } = this.existingLob(fullName, oid)
    if (row.available === 0) throw new SdbFault(SDB_LOB_IS_NOT_AVAILABLE, `LOB ${oid} is being written`)
    if (offset < 0 || length < 0) throw new SdbFault(SDB_INVALIDARG, 'negative LOB offset or length')
    if (offset >= row.size) {
      if (length === 0) return EMPTY
      throw new SdbFault(SDB_EOF, 'Hit end of file')
    }
    const end = Math.min(row.size, offset + length)
    const out = Buffer.alloc(end - offset)
    const first = Math.floor(offset / row.page_size)
    const last = Math.floor((end - 1) / row.page_size)
    const pieces = this.stmt('SELECT piece, data FROM lob_pieces WHERE cl = ? AND oid = ? AND piece BETWEEN ? AND ?').all(
      cl.id,
      oid,
      first,
      last,
    ) as { piece: number; data: Buffer }[]
    // Holes (never written ranges) read as zeros, as a sparse file would.
    for (const { piece, data } of pieces) {
      const start = piece * row.page_size
      const from = Math.max(offset, start)
      const to = Math.min(end, start + data.length)
      if (to > from) data.copy(out, from - offset, from - start, to - start)
    }
    return out
  }

  lobMeta(fullName: string, oid: string): LobMeta | undefined {
    const cl = this.collection(fullName)
    const row = this.lobRow(cl, oid)
    return row === undefined ? undefined : lobMeta(row)
  }

  truncateLob(fullName: string, oid: string, length: number): LobMeta {
    const { cl, row } = this.existingLob(fullName, oid)
    if (length < 0) throw new SdbFault(SDB_INVALIDARG, 'negative LOB length')
    if (length >= row.size) return lobMeta(row)
    this.atomic(() => {
      const keep = Math.ceil(length / row.page_size)
      this.execute(Op.lobCut, { c: fullName, o: oid, n: keep })
      const partial = length % row.page_size
      if (partial !== 0) {
        const piece = keep - 1
        const existing = this.stmt('SELECT data FROM lob_pieces WHERE cl = ? AND oid = ? AND piece = ?').get(cl.id, oid, piece) as
          | { data: Buffer }
          | undefined
        if (existing !== undefined && existing.data.length > partial) {
          this.execute(Op.lobPiece, { c: fullName, o: oid, n: piece }, existing.data.subarray(0, partial))
        }
      }
      row.size = length
      this.putLobMeta(fullName, row)
    })
    return lobMeta(row)
  }

  closeLob(fullName: string, oid: string, now: number): LobMeta {
    const { row } = this.existingLob(fullName, oid)
    if (row.available === 1) return lobMeta(row)
    row.available = 1
    row.mod_time = now
    this.atomic(() => {
      this.putLobMeta(fullName, row)
    })
    return lobMeta(row)
  }

  /** Marks a LOB as being written again (open in write mode). */
  reopenLobForWrite(fullName: string, oid: string): LobMeta {
    const { row } = this.existingLob(fullName, oid)
    if (row.available === 0) throw new SdbFault(SDB_LOB_IS_IN_USE, `LOB ${oid} is in use`)
    row.available = 0
    this.atomic(() => {
      this.putLobMeta(fullName, row)
    })
    return lobMeta(row)
  }

  removeLob(fullName: string, oid: string): void {
    this.existingLob(fullName, oid)
    this.atomic(() => {
      this.execute(Op.lobRemove, { c: fullName, o: oid })
    })
  }

  listLobs(fullName: string): LobMeta[] {
    const cl = this.collection(fullName)
    const rows = this.stmt('SELECT oid, size, create_time, mod_time, page_size, available FROM lobs WHERE cl = ? ORDER BY oid').all(
      cl.id,
    ) as LobRow[]
    return rows.map(lobMeta)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}

const EMPTY = Buffer.alloc(0)

function lobMeta(row: LobRow): LobMeta {
  return {
    oid: row.oid,
    size: row.size,
    createTime: row.create_time,
    modificationTime: row.mod_time,
    pageSize: row.page_size,
    available: row.available === 1,
  }
}

/**
 * The one key a range can hold on a one-field index: the planner's equality range is
 * `[k, prefixEnd(k))`, and as every value encoding is self-delimiting, the only one-field key
 * starting with `k` is `k` itself.
 */
function exactKey(range: KeyRange, fields: number): Buffer | undefined {
  if (fields !== 1 || range.low === undefined || range.high === undefined) return undefined
  if (range.lowInclusive === false || range.highInclusive !== false) return undefined
  const end = prefixEnd(range.low)
  return end !== undefined && end.equals(range.high) ? range.low : undefined
}

/** A document without `_id` gets a fresh ObjectId as its first field, as the C driver does. */
function withId(given: BsonDocument): BsonDocument {
  if (Object.hasOwn(given, '_id')) return given
  const doc: BsonDocument = { _id: new ObjectId() }
  for (const key of documentKeys(given)) doc[key] = given[key]
  return doc
}

function encodePayload(meta: Record<string, unknown>, raw: Buffer | undefined): Buffer {
  const json = Buffer.from(JSON.stringify(meta), 'utf8')
  const head = Buffer.alloc(4)
  head.writeUInt32LE(json.length)
  return Buffer.concat(raw === undefined ? [head, json] : [head, json, raw])
}

function decodePayload(payload: Buffer): { meta: Record<string, unknown>; raw: Buffer } {
  const length = payload.readUInt32LE(0)
  const meta = JSON.parse(payload.subarray(4, 4 + length).toString('utf8')) as Record<string, unknown>
  return { meta, raw: payload.subarray(4 + length) }
}

function str(value: unknown): string {
  if (typeof value !== 'string') throw new SdbFault(SDB_INVALIDARG, 'corrupt oplog entry')
  return value
}

function num(value: unknown): number {
  if (typeof value !== 'number') throw new SdbFault(SDB_INVALIDARG, 'corrupt oplog entry')
  return value
}
