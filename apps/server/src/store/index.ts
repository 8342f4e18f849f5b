import { AuditRepo } from './audit-repo.js'
import { openDatabase } from './database.js'
import type { StoreDatabase } from './database.js'
import { SavedQueriesRepo } from './saved-queries-repo.js'
import { SessionStore } from './session-store.js'
import { SettingsRepo } from './settings-repo.js'
import { UsersRepo } from './users-repo.js'

export type { NewAuditEntry, AuditFilter } from './audit-repo.js'
export type { NewUserRecord, UserChange, UserRecord } from './users-repo.js'
export type { SessionData, SessionRecord } from './session-store.js'
export { AuditRepo, SavedQueriesRepo, SessionStore, SettingsRepo, UsersRepo }

/** The console's own state, one SQLite file under the data directory. */
export interface Store {
  readonly db: StoreDatabase
  readonly users: UsersRepo
  readonly audit: AuditRepo
  readonly savedQueries: SavedQueriesRepo
  readonly settings: SettingsRepo
  readonly sessions: SessionStore
  /** True when the database answers. */
  ping(): boolean
  close(): void
}

/** Options for {@link openStore}. */
export interface StoreOptions {
  /** SQLite file, or `:memory:` for tests. */
  readonly file: string
  /** Sessions expire after this long without a request. */
  readonly sessionIdleMs: number
}

/** Opens the console's store. */
export function openStore(options: StoreOptions): Store {
  const db = openDatabase(options.file)
  return {
    db,
    users: new UsersRepo(db),
    audit: new AuditRepo(db),
    savedQueries: new SavedQueriesRepo(db),
    settings: new SettingsRepo(db),
    sessions: new SessionStore(db, options.sessionIdleMs),
    ping() {
      try {
        return db.prepare<[], { ok: number }>('SELECT 1 AS ok').get()?.ok === 1
      } catch {
        return false
      }
    },
    close() {
      if (db.open) db.close()
    },
  }
}
