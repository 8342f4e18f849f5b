import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

/** The console's own SQLite database (users, sessions, audit log, saved queries, settings). */
export type StoreDatabase = Database.Database

// Numbered migrations: each runs once, in order, inside a transaction; user_version records progress.
const migrations: readonly string[] = [
  `
  CREATE TABLE users (
    username TEXT PRIMARY KEY COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer','operator','admin')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    sid TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_expires ON sessions(expires_at);
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT,
    ip TEXT,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    params TEXT,
    result TEXT NOT NULL CHECK (result IN ('ok','refused','error')),
    status INTEGER,
    error_code TEXT,
    before_doc TEXT,
    after_doc TEXT
  );
  CREATE INDEX audit_actor ON audit_log(actor, id);
  CREATE INDEX audit_action ON audit_log(action, id);
  -- The audit log is append-only: the database itself refuses to change or remove a row.
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  CREATE TABLE saved_queries (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('private','shared')),
    cluster TEXT NOT NULL,
    collection TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX saved_queries_owner ON saved_queries(owner);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: one-time passwords. Existing users (data directories from before) keep signing in as they did.
  `
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
  `,
]

/**
 * Opens (creating if needed) the console database at `file` (`:memory:` for tests) and brings
 * its schema up to date.
 */
export function openDatabase(file: string): StoreDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  // WAL + NORMAL: a crash never corrupts the file; only the last moment of commits may be lost, and
  // the audit insert on every state-changing request stays cheap.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  const current = Number(db.pragma('user_version', { simple: true }))
  for (let version = current; version < migrations.length; version++) {
    const sql = migrations[version]!
    db.transaction(() => {
      db.exec(sql)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
  return db
}
