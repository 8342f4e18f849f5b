import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from './index.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const user = (username: string) => ({ user: { username, signedInAt: new Date().toISOString() } })

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

  it('keeps sessions across a reopen of the file, and ends all sessions of one user, whatever the case of the name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-store-'))
    dirs.push(dir)
    const file = join(dir, 'canopy.db')
    const first = openStore({ file, sessionIdleMs: 60_000 })
    const a1 = first.sessions.create(user('ann'))
    const a2 = first.sessions.create(user('Ann'))
    const b1 = first.sessions.create(user('bob'))
    first.close()
    const store = openStore({ file, sessionIdleMs: 60_000 })
    expect(store.sessions.get(a1)?.data.user?.username).toBe('ann')
    expect(store.sessions.destroyForUser('ann')).toBe(2)
    expect(store.sessions.get(a1)).toBeUndefined()
    expect(store.sessions.get(a2)).toBeUndefined()
    expect(store.sessions.get(b1)?.data.user?.username).toBe('bob')
    store.close()
  })

  it('never stores a usable session id', () => {
    const store = openStore({ file: ':memory:', sessionIdleMs: 60_000 })
    const sid = store.sessions.create(user('ann'))
    const rows = store.db.prepare('SELECT sid FROM sessions').all() as { sid: string }[]
    expect(rows).toHaveLength(1)
    expect(rows[0]?.sid).not.toBe(sid)
    expect(store.sessions.get(rows[0]!.sid)).toBeUndefined()
    store.close()
  })
})
