import { createHash, randomBytes } from 'node:crypto'
import type { Statement } from 'better-sqlite3'
import type { StoreDatabase } from './database.js'

/** Longest a session's stored expiry may lag behind its real one (see {@link SessionStore.renew}). */
export const MAX_TOUCH_LAG_MS = 60_000
/** Sessions kept in memory; past this the least recently used are read from SQLite again. */
const CACHED_SESSIONS = 10_000

/** What a console session holds. */
export interface SessionData {
  /** The signed-in user's name; the role is read from the users table on every request. */
  user?: { username: string; signedInAt: string }
  /** The synchroniser token every state-changing request must send back. */
  csrfToken?: string
}

/** A live session. */
export interface SessionRecord {
  readonly data: SessionData
  /** When it ends without another request (epoch ms). */
  readonly expiresAt: number
}

interface CachedSession {
  data: SessionData
  expiresAt: number
  /** The expiry the sessions table holds. */
  storedExpiresAt: number
  /** The row's key: a hash of the session id, so the table never holds a usable cookie value. */
  readonly key: string
}

/** Session ids are 256 random bits in base64url; anything else is never looked up. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/

const rowKey = (sid: string): string => createHash('sha256').update(sid).digest('base64url')

/**
 * Console sessions in the console database, so they survive a restart and expire server-side
 * after the idle timeout even if a browser keeps its cookie.
 *
 * Every API request reads its session and renews it, so both stay in memory: a request costs a
 * map lookup, and a renewal writes to SQLite only when it moves the stored expiry by more than
 * the lag (a twentieth of the idle timeout, at most a minute). A session idle across a restart
 * therefore ends between `idle - lag` and `idle` after its last request.
 */
export class SessionStore {
  readonly #db: StoreDatabase
  readonly #ttlMs: number
  readonly #lagMs: number
  readonly #statements = new Map<string, Statement>()
  /** Session id -> session, least recently used first. */
  readonly #cache = new Map<string, CachedSession>()

  constructor(db: StoreDatabase, ttlMs: number) {
    this.#db = db
    this.#ttlMs = ttlMs
    this.#lagMs = Math.min(MAX_TOUCH_LAG_MS, Math.floor(ttlMs / 20))
  }

  /** The idle timeout. */
  get idleMs(): number {
    return this.#ttlMs
  }

  #stmt(sql: string): Statement {
    let statement = this.#statements.get(sql)
    if (statement === undefined) {
      statement = this.#db.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  #cacheSet(sid: string, session: CachedSession): void {
    this.#cache.delete(sid)
    this.#cache.set(sid, session)
    if (this.#cache.size > CACHED_SESSIONS) this.#cache.delete(this.#cache.keys().next().value!)
  }

  /** Starts a session and answers its new id. */
  create(data: SessionData): string {
    const sid = randomBytes(32).toString('base64url')
    const key = rowKey(sid)
    const expiresAt = Date.now() + this.#ttlMs
    this.#stmt('INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, ?)').run(key, JSON.stringify(data), expiresAt)
    this.#cacheSet(sid, { data, expiresAt, storedExpiresAt: expiresAt, key })
    return sid
  }

  /** The session with this id, or undefined when there is none or it has expired. */
  get(sid: string): SessionRecord | undefined {
    return this.#live(sid)
  }

  #live(sid: string): CachedSession | undefined {
    let session = this.#cache.get(sid)
    if (session === undefined) {
      if (!SESSION_ID.test(sid)) return undefined
      const key = rowKey(sid)
      const row = this.#stmt('SELECT data, expires_at FROM sessions WHERE sid = ?').get(key) as { data: string; expires_at: number } | undefined
      if (row === undefined) return undefined
      session = { data: JSON.parse(row.data) as SessionData, expiresAt: row.expires_at, storedExpiresAt: row.expires_at, key }
    }
    if (session.expiresAt <= Date.now()) {
      this.destroy(sid)
      return undefined
    }
    this.#cacheSet(sid, session)
    return session
  }

  /**
   * Renews a session's idle timeout from now. Answers true when the stored expiry moved (at most
   * once per lag): the moment to send the browser a renewed cookie too.
   */
  renew(sid: string): boolean {
    const session = this.#cache.get(sid)
    if (session === undefined) return false
    session.expiresAt = Date.now() + this.#ttlMs
    if (session.expiresAt - session.storedExpiresAt < this.#lagMs) return false
    this.#stmt('UPDATE sessions SET expires_at = ? WHERE sid = ?').run(session.expiresAt, session.key)
    session.storedExpiresAt = session.expiresAt
    return true
  }

  /** Replaces what a live session holds. */
  update(sid: string, data: SessionData): void {
    const session = this.#live(sid)
    if (session === undefined) return
    this.#stmt('UPDATE sessions SET data = ? WHERE sid = ?').run(JSON.stringify(data), session.key)
    session.data = data
  }

  /** Ends a session. */
  destroy(sid: string): void {
    this.#cache.delete(sid)
    if (SESSION_ID.test(sid)) this.#stmt('DELETE FROM sessions WHERE sid = ?').run(rowKey(sid))
  }

  /** Ends every session of a user (after deletion or a password change); answers how many. */
  destroyForUser(username: string): number {
    const name = username.toLowerCase()
    for (const [sid, session] of this.#cache) {
      if (session.data.user?.username.toLowerCase() === name) this.#cache.delete(sid)
    }
    return this.#stmt("DELETE FROM sessions WHERE json_extract(data, '$.user.username') = ? COLLATE NOCASE").run(username).changes
  }

  /** Drops expired sessions; main.ts calls it now and then. */
  prune(): number {
    const now = Date.now()
    for (const [sid, session] of this.#cache) {
      if (session.expiresAt <= now) this.#cache.delete(sid)
    }
    // A row whose stored expiry passed may belong to a session renewed in memory since.
    const live = new Set([...this.#cache.values()].map((s) => s.key))
    const expired = this.#stmt('SELECT sid FROM sessions WHERE expires_at <= ?').all(now) as { sid: string }[]
    const remove = this.#stmt('DELETE FROM sessions WHERE sid = ?')
    let removed = 0
    for (const { sid } of expired) if (!live.has(sid)) removed += remove.run(sid).changes
    return removed
  }
}
