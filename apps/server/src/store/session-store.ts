import session from 'express-session'
import type { SessionData } from 'express-session'
import type { StoreDatabase } from './database.js'

type Callback = (err?: unknown) => void

/**
 * express-session store over the console database, so sessions survive a restart and expire
 * server-side after the idle timeout even if a browser keeps its cookie.
 */
export class SqliteSessionStore extends session.Store {
  readonly #db: StoreDatabase
  readonly #ttlMs: number

  constructor(db: StoreDatabase, ttlMs: number) {
    super()
    this.#db = db
    this.#ttlMs = ttlMs
  }

  #expiry(sess: SessionData): number {
    // maxAge is what is left of the cookie's life; the idle timeout when the cookie has none.
    const left = sess.cookie.maxAge
    return Date.now() + (typeof left === 'number' ? left : this.#ttlMs)
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    try {
      const row = this.#db.prepare<[string], { data: string; expires_at: number }>('SELECT data, expires_at FROM sessions WHERE sid = ?').get(sid)
      if (!row) return cb(null, null)
      if (row.expires_at <= Date.now()) {
        this.#db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid)
        return cb(null, null)
      }
      cb(null, JSON.parse(row.data) as SessionData)
    } catch (err) {
      cb(err)
    }
  }

  override set(sid: string, sess: SessionData, cb?: Callback): void {
    try {
      this.#db
        .prepare('INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, ?) ON CONFLICT(sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at')
        .run(sid, JSON.stringify(sess), this.#expiry(sess))
      cb?.()
    } catch (err) {
      cb?.(err)
    }
  }

  override touch(sid: string, sess: SessionData, cb?: Callback): void {
    try {
      this.#db.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ?').run(this.#expiry(sess), sid)
      cb?.()
    } catch (err) {
      cb?.(err)
    }
  }

  override destroy(sid: string, cb?: Callback): void {
    try {
      this.#db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid)
      cb?.()
    } catch (err) {
      cb?.(err)
    }
  }

  /** Ends every session of a user (after deletion or a password change). */
  destroyForUser(username: string): number {
    return this.#db.prepare("DELETE FROM sessions WHERE json_extract(data, '$.user.username') = ? COLLATE NOCASE").run(username).changes
  }

  /** Drops expired sessions; main.ts calls it now and then. */
  prune(): number {
    return this.#db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(Date.now()).changes
  }
}
