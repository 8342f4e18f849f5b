import session from 'express-session'
import type { SessionData } from 'express-session'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from './database.js'
import type { StoreDatabase } from './database.js'
import { MAX_TOUCH_LAG_MS, SqliteSessionStore } from './session-store.js'

const IDLE_MS = 10_000
const LAG_MS = IDLE_MS / 20

const sessionData = (maxAge: number): SessionData => {
  const cookie = new session.Cookie()
  cookie.maxAge = maxAge
  return { cookie, user: { username: 'ann', signedInAt: new Date().toISOString() } }
}

const read = (store: SqliteSessionStore, sid: string) =>
  new Promise<SessionData | null | undefined>((resolve, reject) => {
    store.get(sid, (err, s) => (err ? reject(err instanceof Error ? err : new Error('session store failed')) : resolve(s)))
  })

let db: StoreDatabase
let store: SqliteSessionStore
const storedExpiry = (sid: string) => (db.prepare('SELECT expires_at FROM sessions WHERE sid = ?').get(sid) as { expires_at: number } | undefined)?.expires_at

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(1_000_000)
  db = openDatabase(':memory:')
  store = new SqliteSessionStore(db, IDLE_MS)
})
afterEach(() => {
  db.close()
  vi.useRealTimers()
})

describe('SqliteSessionStore renewal', () => {
  it('writes a burst of renewals once, then again when the expiry moved by the lag', () => {
    store.set('s1', sessionData(IDLE_MS))
    const first = storedExpiry('s1')
    expect(first).toBe(1_000_000 + IDLE_MS)
    for (let i = 1; i < 10; i++) {
      vi.setSystemTime(1_000_000 + i * 10)
      store.touch('s1', sessionData(IDLE_MS))
    }
    expect(storedExpiry('s1')).toBe(first)
    vi.setSystemTime(1_000_000 + LAG_MS)
    store.touch('s1', sessionData(IDLE_MS))
    expect(storedExpiry('s1')).toBe(1_000_000 + LAG_MS + IDLE_MS)
  })

  it('keeps a session alive while requests come, and ends it after the idle time', async () => {
    store.set('s1', sessionData(IDLE_MS))
    // A request every 40% of the idle time: the session outlives its first expiry.
    for (let t = 4_000; t <= 20_000; t += 4_000) {
      vi.setSystemTime(1_000_000 + t)
      expect((await read(store, 's1'))?.user?.username).toBe('ann')
      store.touch('s1', sessionData(IDLE_MS))
    }
    // Then idle: gone by the idle timeout after the last request, however many renewals were skipped.
    vi.setSystemTime(1_000_000 + 20_000 + IDLE_MS)
    expect(await read(store, 's1')).toBeNull()
  })

  it('a skipped renewal never lets the stored expiry lag by more than the lag', async () => {
    store.set('s1', sessionData(IDLE_MS))
    for (let t = 0; t <= 3 * IDLE_MS; t += 7) {
      vi.setSystemTime(1_000_000 + t)
      expect(await read(store, 's1')).not.toBeNull()
      store.touch('s1', sessionData(IDLE_MS))
      expect(Date.now() + IDLE_MS - storedExpiry('s1')!).toBeLessThan(LAG_MS)
    }
  })

  it('does not bring back a destroyed session', async () => {
    store.set('s1', sessionData(IDLE_MS))
    store.destroy('s1')
    vi.setSystemTime(1_000_000 + 2 * LAG_MS)
    store.touch('s1', sessionData(IDLE_MS))
    expect(await read(store, 's1')).toBeNull()
    expect(storedExpiry('s1')).toBeUndefined()
  })

  it('caps the lag at a minute for long idle timeouts', () => {
    const long = new SqliteSessionStore(db, 8 * 3_600_000)
    long.set('s2', sessionData(8 * 3_600_000))
    vi.setSystemTime(1_000_000 + MAX_TOUCH_LAG_MS - 1)
    long.touch('s2', sessionData(8 * 3_600_000))
    expect(storedExpiry('s2')).toBe(1_000_000 + 8 * 3_600_000)
    vi.setSystemTime(1_000_000 + MAX_TOUCH_LAG_MS)
    long.touch('s2', sessionData(8 * 3_600_000))
    expect(storedExpiry('s2')).toBe(1_000_000 + MAX_TOUCH_LAG_MS + 8 * 3_600_000)
  })
})
