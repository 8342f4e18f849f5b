import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AuthService } from '../services/auth.service.js'
import { openDatabase } from './database.js'
import { openStore } from './index.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('users table: one-time passwords', () => {
  it('migrates a data directory from before the flag: its users keep signing in unflagged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-users-'))
    dirs.push(dir)
    const file = join(dir, 'canopy.db')
    // Rebuild what an older console left behind: schema version 1, without the column.
    const old = openDatabase(file)
    old.exec('ALTER TABLE users DROP COLUMN must_change_password')
    old.pragma('user_version = 1')
    old.prepare("INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES ('ann', 'h', 'admin', 'a', 'a')").run()
    old.close()

    const store = openStore({ file, sessionIdleMs: 60_000 })
    try {
      expect(Number(store.db.pragma('user_version', { simple: true }))).toBe(2)
      expect(store.users.find('ann')).toMatchObject({ username: 'ann', role: 'admin', passwordHash: 'h', mustChangePassword: false })
      store.users.update('ann', { mustChangePassword: true }, 'b')
      expect(store.users.find('ann')?.mustChangePassword).toBe(true)
      // Changing something else leaves the flag alone.
      store.users.update('ann', { role: 'viewer' }, 'c')
      expect(store.users.find('ann')).toMatchObject({ role: 'viewer', mustChangePassword: true })
    } finally {
      store.close()
    }
  })

  it('flags a generated first admin password, not one given by CANOPY_ADMIN_PASSWORD', async () => {
    const generated = openStore({ file: ':memory:', sessionIdleMs: 60_000 })
    const given = openStore({ file: ':memory:', sessionIdleMs: 60_000 })
    try {
      const first = await new AuthService(generated.users).ensureAdmin(undefined)
      expect(first.password).toBeDefined()
      expect(generated.users.find('admin')?.mustChangePassword).toBe(true)
      expect((await new AuthService(generated.users).authenticate('admin', first.password!))?.mustChangePassword).toBe(true)
      await new AuthService(given.users).ensureAdmin('given-admin-password')
      expect(given.users.find('admin')?.mustChangePassword).toBe(false)
    } finally {
      generated.close()
      given.close()
    }
  })
})

describe('users table: reads', () => {
  it('answers a change at once, and forgets what a rolled-back transaction read', () => {
    const store = openStore({ file: ':memory:', sessionIdleMs: 60_000 })
    try {
      store.users.insert({ username: 'Ann', passwordHash: 'h', role: 'viewer', createdAt: 'a', updatedAt: 'a' })
      expect(store.users.find('ann')?.role).toBe('viewer')
      store.users.update('ANN', { role: 'operator' }, 'b')
      expect(store.users.find('ann')?.role).toBe('operator')
      expect(() =>
        store.users.transaction(() => {
          store.users.update('ann', { role: 'admin' }, 'c')
          expect(store.users.find('ann')?.role).toBe('admin')
          throw new Error('roll back')
        }),
      ).toThrow('roll back')
      expect(store.users.find('ann')?.role).toBe('operator')
      store.users.delete('ann')
      expect(store.users.find('ann')).toBeUndefined()
    } finally {
      store.close()
    }
  })
})
