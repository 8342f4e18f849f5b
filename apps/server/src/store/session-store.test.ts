import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from './database.js'
import type { StoreDatabase } from './database.js'
import { MAX_TOUCH_LAG_MS, SessionStore } from './session-store.js'

const IDLE_MS = 10_000
const LAG_MS = IDLE_MS / 20
const ann = { user: { username: 'ann', signedInAt: '2026-01-01T00:00:00.000Z' } }

let db: StoreDatabase
let store: SessionStore
const storedExpiries = () => (db.prepare('SELECT expires_at FROM sessions').all() as { expires_at: number }[]).map((r) => r.expires_at)
const at = (ms: number) => vi.setSystemTime(1_000_000 + ms)

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  at(0)
  db = openDatabase(':memory:')
  store = new SessionStore(db, IDLE_MS)
})
afterEach(() => {
  db.close()
  vi.useRealTimers()
})

describe('SessionStore renewal', () => {
  it('writes a burst of renewals once, then again when the expiry moved by the lag', () => {
    const sid = store.create(ann)
    expect(storedExpiries()).toEqual([1_000_000 + IDLE_MS])
    for (let i = 1; i < 10; i++) {
      at(i * 10)
      expect(store.renew(sid)).toBe(false)
    }
    expect(storedExpiries()).toEqual([1_000_000 + IDLE_MS])
    at(LAG_MS)
    expect(store.renew(sid)).toBe(true)
    expect(storedExpiries()).toEqual([1_000_000 + LAG_MS + IDLE_MS])
  })

  it('keeps a session alive while requests come, and ends it after the idle time', () => {
    const sid = store.create(ann)
    // A request every 40% of the idle time: the session outlives its first expiry.
    for (let t = 4_000; t <= 20_000; t += 4_000) {
      at(t)
      expect(store.get(sid)?.data.user?.username).toBe('ann')
      store.renew(sid)
    }
    // Then idle: gone by the idle timeout after the last request, however many renewals were skipped.
    at(20_000 + IDLE_MS)
    expect(store.get(sid)).toBeUndefined()
    expect(storedExpiries()).toEqual([])
  })

  it('a skipped renewal never lets the stored expiry lag by more than the lag, so a restart loses at most that', () => {
    const sid = store.create(ann)
    for (let t = 0; t <= 3 * IDLE_MS; t += 7) {
      at(t)
      expect(store.get(sid)).toBeDefined()
      store.renew(sid)
      expect(Date.now() + IDLE_MS - storedExpiries()[0]!).toBeLessThan(LAG_MS)
    }
    // A restart reads the stored expiry: the session is still there.
    const reopened = new SessionStore(db, IDLE_MS)
    expect(reopened.get(sid)?.data.user?.username).toBe('ann')
  })

  it('does not bring back a destroyed session', () => {
    const sid = store.create(ann)
    store.destroy(sid)
    at(2 * LAG_MS)
    expect(store.renew(sid)).toBe(false)
    expect(store.get(sid)).toBeUndefined()
    expect(storedExpiries()).toEqual([])
  })

  it('caps the lag at a minute for long idle timeouts', () => {
    const long = new SessionStore(db, 8 * 3_600_000)
    const sid = long.create(ann)
    at(MAX_TOUCH_LAG_MS - 1)
    expect(long.renew(sid)).toBe(false)
    expect(storedExpiries()).toEqual([1_000_000 + 8 * 3_600_000])
    at(MAX_TOUCH_LAG_MS)
    expect(long.renew(sid)).toBe(true)
    expect(storedExpiries()).toEqual([1_000_000 + MAX_TOUCH_LAG_MS + 8 * 3_600_000])
  })

  it('prune drops expired rows but keeps a session renewed in memory since its row was written', () => {
    const live = store.create(ann)
    const idle = store.create(ann)
    at(IDLE_MS - 1)
    store.get(live)
    store.renew(live)
    at(IDLE_MS + 1)
    // Both rows say the sessions ended; only the idle one did.
    expect(store.prune()).toBe(1)
    expect(store.get(live)).toBeDefined()
    expect(store.get(idle)).toBeUndefined()
  })

  it('never looks up a malformed id and keeps the CSRF token it was given', () => {
    expect(store.get('s:forged.value')).toBeUndefined()
    const sid = store.create(ann)
    store.update(sid, { ...ann, csrfToken: 't' })
    expect(new SessionStore(db, IDLE_MS).get(sid)?.data.csrfToken).toBe('t')
  })
})
