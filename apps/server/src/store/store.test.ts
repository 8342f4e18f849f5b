import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import session from 'express-session'
import type { SessionData } from 'express-session'
import { openStore } from './index.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const sessionData = (username: string, maxAge: number): SessionData => {
  const cookie = new session.Cookie()
  cookie.maxAge = maxAge
  return { cookie, user: { username, signedInAt: new Date().toISOString() } }
}

const getSession = (store: ReturnType<typeof openStore>, sid: string) =>
  new Promise<SessionData | null | undefined>((resolve, reject) => {
    store.sessions.get(sid, (err, s) => (err ? reject(err instanceof Error ? err : new Error('session store failed')) : resolve(s)))
  })

describe('store', () => {
  it('keeps users, settings and the audit log across a reopen of the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-store-'))
    dirs.push(dir)
    const file = join(dir, 'nested', 'canopy.db')
    const first = openStore({ file, sessionIdleMs: 1000 })
    first.users.insert({ username: 'ann', passwordHash: 'h', role: 'viewer', createdAt: 'a', updatedAt: 'a' })
    const secret = first.settings.getOrCreate('session-secret', () => 'one')
    first.audit.append({ actor: 'ann', ip: null, method: 'POST', path: '/x', action: 'x', target: null, result: 'ok', status: 200, errorCode: null })
    first.close()
    const second = openStore({ file, sessionIdleMs: 1000 })
    expect(second.users.find('ANN')?.role).toBe('viewer')
    expect(second.settings.getOrCreate('session-secret', () => 'two')).toBe(secret)
    expect(second.audit.list({ limit: 10 })).toHaveLength(1)
    expect(second.ping()).toBe(true)
    second.close()
  })

  it('expires sessions server-side and ends all sessions of one user', async () => {
    const store = openStore({ file: ':memory:', sessionIdleMs: 1000 })
    store.sessions.set('old', sessionData('ann', -1))
    store.sessions.set('a1', sessionData('ann', 60_000))
    store.sessions.set('a2', sessionData('Ann', 60_000))
    store.sessions.set('b1', sessionData('bob', 60_000))
    expect(await getSession(store, 'old')).toBeNull()
    expect((await getSession(store, 'a1'))?.user?.username).toBe('ann')
    expect(store.sessions.destroyForUser('ann')).toBe(2)
    expect(await getSession(store, 'a2')).toBeNull()
    expect((await getSession(store, 'b1'))?.user?.username).toBe('bob')
    store.close()
  })
})
