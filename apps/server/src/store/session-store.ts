import type Database from 'better-sqlite3'
import session from 'express-session'
import type { SessionData } from 'express-session'
import type { StoreDatabase } from './database.js'

type Callback = (err?: unknown) => void
type Statement = Database.Statement

/** Longest a session's stored expiry may lag behind its cookie's (see {@link SqliteSessionStore.touch}). */
export const MAX_TOUCH_LAG_MS = 60_000
/** Sessions whose last stored expiry is remembered; the oldest are forgotten past this. */
const KNOWN_EXPIRIES = 10_000

/**
 * express-session store over the console database, so sessions survive a restart and expire
 * server-side after the idle timeout even if a browser keeps its cookie.
 *
 * Every API request reads its session and renews it (the cookie rolls), so both are on the hot
 * path: statements are prepared once, and the renewal writes only when it moves the stored
 * expiry by more than the touch lag (a twentieth of the idle timeout, at most a minute). An idle
 * session therefore ends between `idle - lag` and `idle` after its last request.
 */
export class SqliteSessionStore extends session.Store {
  readonly #db: StoreDatabase
  readonly #ttlMs: number
  readonly #touchLagMs: number
  readonly #statements = new Map<string, Statement>()
  /** sid -> the expires_at this process last read or wrote. */
  readonly #stored = new Map<string, number>()

  constructor(db: StoreDatabase, ttlMs: number) {
    super()
    this.#db = db
    this.#ttlMs = ttlMs
    this.#touchLagMs = Math.min(MAX_TOUCH_LAG_MS, Math.floor(ttlMs / 20))
  }

  #stmt(sql: string): Statement {
    let statement = this.#statements.get(sql)
    if (statement === undefined) {
      statement = this.#db.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  #remember(sid: string, expiresAt: number): void {
    this.#stored.delete(sid)
    this.#stored.set(sid, expiresAt)
    if (this.#stored.size > KNOWN_EXPIRIES) this.#stored.delete(this.#stored.keys().next().value!)
  }

  #expiry(sess: SessionData): number {
    // maxAge is what is left of the cookie's life; the idle timeout when the cookie has none.
    const left = sess.cookie.maxAge
    return Date.now() + (typeof left === 'number' ? left : this.#ttlMs)
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    try {
      const row = this.#stmt('SELECT data, expires_at FROM sessions WHERE sid = ?').get(sid) as { data: string; expires_at: number } | undefined
      if (!row) {
        this.#stored.delete(sid)
        return cb(null, null)
      }
      if (row.expires_at <= Date.now()) {
        this.#stmt('DELETE FROM sessions WHERE sid = ?').run(sid)
        this.#stored.delete(sid)
        return cb(null, null)
      }
      this.#remember(sid, row.expires_at)
      cb(null, JSON.parse(row.data) as SessionData)
    } catch (err) {
      cb(err)
    }
  }

  override set(sid: string, sess: SessionData, cb?: Callback): void {
    try {
      const expiresAt = this.#expiry(sess)
      this.#stmt('INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, ?) ON CONFLICT(sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at').run(
        sid,
        JSON.stringify(sess),
        expiresAt,
      )
      this.#remember(sid, expiresAt)
      cb?.()
    } catch (err) {
      cb?.(err)
    }
  }

  /**
   * Renews a session's expiry. Skipped while the stored expiry is less than the touch lag behind
   * the new one: a burst of requests costs one write, not one each.
   */
  override touch(sid: string, sess: SessionData, cb?: Callback): void {
    try {
      const expiresAt = this.#expiry(sess)
      const stored = this.#stored.get(sid)
      if (stored === undefined || expiresAt - stored >= this.#touchLagMs) {
        this.#stmt('UPDATE sessions SET expires_at = ? WHERE sid = ?').run(expiresAt, sid)
        this.#remember(sid, expiresAt)
      }
      cb?.()
    } catch (err) {
      cb?.(err)
    }
  }

  override destroy(sid: string, cb?: Callback): void {
    try {
      this.#stmt('DELETE FROM sessions WHERE sid = ?').run(sid)
      this.#stored.delete(sid)
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
