import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { StoreLocation } from './types.js'

/** The better-sqlite3 connection type, named once for the stores. */
export type SqliteDatabase = Database.Database
/** A prepared statement taking positional parameters. */
export type SqliteStatement = Database.Statement

/** Node names become directory names, so they are limited to a safe alphabet. */
const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/

/**
 * Opens (creating if needed) a node's database in WAL mode.
 *
 * `synchronous = NORMAL`: in WAL mode a commit is appended to the WAL before the call returns,
 * so a killed process loses nothing it acknowledged; only an OS crash or power cut could drop
 * the newest commits. `FULL` (an fsync per commit) would make every acknowledged insert wait
 * for the disk, for a guarantee the emulator does not make.
 */
export function openNodeDatabase(location: StoreLocation): SqliteDatabase {
  if (!NODE_NAME.test(location.nodeName)) {
    throw new TypeError(`invalid node name for storage: ${JSON.stringify(location.nodeName)}`)
  }
  let db: SqliteDatabase
  if (location.dataDir === undefined) {
    db = new Database(':memory:')
  } else {
    const dir = join(location.dataDir, location.nodeName)
    mkdirSync(dir, { recursive: true })
    db = new Database(join(dir, 'node.db'))
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
  }
  // Without a busy timeout a checkpoint racing a reader would surface as SQLITE_BUSY.
  db.pragma('busy_timeout = 5000')
  db.pragma('cache_size = -65536')
  return db
}

/**
 * Runs `fn` atomically: a transaction of its own, or a savepoint inside the caller's, so store
 * methods compose (an update of many records is one commit) and a failing step undoes only itself.
 */
export function inTransaction<T>(db: SqliteDatabase, fn: () => T): T {
  return db.transaction(fn)()
}

/** Opens a read-only in-memory copy of a database serialised with `db.serialize()`. */
export function openSerializedDatabase(bytes: Buffer): SqliteDatabase {
  const copy = Buffer.from(bytes)
  // A WAL-mode file says so in its header (read/write versions 2), which an in-memory database
  // cannot honour; version 1 (rollback journal) describes the same pages.
  if (copy.length >= 100 && copy[18] === 2 && copy[19] === 2) {
    copy[18] = 1
    copy[19] = 1
  }
  return new Database(copy, { readonly: true })
}
