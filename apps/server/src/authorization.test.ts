import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import request from 'supertest'
import { createTestApp, signIn } from './testing/test-app.js'
import type { SignedIn, TestApp } from './testing/test-app.js'

// Generated from the OpenAPI document: whatever routes exist (platform and cluster), each
// state-changing one must refuse a caller without a session (401), a viewer when it needs more
// (403), and a caller without the CSRF token (403); every refusal lands in the audit log.

interface Operation {
  method: string
  path: string
  role: 'viewer' | 'operator' | 'admin'
  public: boolean
  readOnly: boolean
  beforePasswordChange: boolean
}

let t: TestApp
let ops: Operation[]
let viewer: SignedIn
let admin: SignedIn

const concrete = (path: string) => path.replace(/\{[^}]+\}/g, (m) => (m === '{cluster}' ? 'embedded' : 'sample'))

beforeAll(async () => {
  t = await createTestApp()
  const doc = (await request(t.app).get('/api/openapi.json')).body as { paths: Record<string, Record<string, Record<string, unknown>>> }
  ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method,
      path,
      role: op['x-required-role'] as Operation['role'],
      public: op['x-public'] === true,
      readOnly: op['x-read-only'] === true,
      beforePasswordChange: op['x-before-password-change'] === true,
    })),
  )
  viewer = await signIn(t.app, 'viewer')
  admin = await signIn(t.app, 'admin')
})
afterAll(async () => {
  await t.close()
})

const send = (agent: ReturnType<typeof request.agent>, op: Operation, csrf?: string) => {
  const method = op.method as 'post' | 'put' | 'patch' | 'delete' | 'get'
  const req = agent[method](concrete(op.path))
  if (csrf !== undefined) req.set('x-csrf-token', csrf)
  return method === 'get' || method === 'delete' ? req : req.send({})
}

describe('authorization generated from the OpenAPI document', () => {
  it('documents every operation with a role', () => {
    expect(ops.length).toBeGreaterThanOrEqual(14)
    for (const op of ops) expect(['viewer', 'operator', 'admin'], `${op.method} ${op.path}`).toContain(op.role)
    const publicOps = ops.filter((o) => o.public).map((o) => `${o.method} ${o.path}`).sort()
    expect(publicOps).toEqual(['get /api/health', 'get /api/openapi.json', 'post /api/auth/login'])
  })

  it('refuses every non-public operation without a session (401)', async () => {
    for (const op of ops.filter((o) => !o.public)) {
      const res = await send(request.agent(t.app), op)
      expect(res.status, `${op.method} ${op.path}`).toBe(401)
      expect(res.body.code).toBe('UNAUTHENTICATED')
    }
  })

  it('refuses a viewer every operation that needs operator or admin (403)', async () => {
    for (const op of ops.filter((o) => !o.public && o.role !== 'viewer')) {
      const res = await send(viewer.agent, op, viewer.csrf)
      expect(res.status, `${op.method} ${op.path}`).toBe(403)
      expect(res.body.code).toBe('FORBIDDEN')
    }
  })

  it('refuses every state-changing operation without the CSRF token (403), even for an admin', async () => {
    for (const op of ops.filter((o) => !o.public && o.method !== 'get')) {
      const res = await send(admin.agent, op)
      expect(res.status, `${op.method} ${op.path}`).toBe(403)
      expect(res.body.code).toBe('CSRF_INVALID')
      const wrong = await send(admin.agent, op, 'not-the-token')
      expect(wrong.status, `${op.method} ${op.path}`).toBe(403)
    }
  })

  it('holds a user with a one-time password to the session, the password change and logout (403 PASSWORD_CHANGE_REQUIRED)', async () => {
    const open = ops.filter((o) => o.beforePasswordChange).map((o) => `${o.method} ${o.path}`).sort()
    expect(open).toEqual(['get /api/auth/session', 'post /api/auth/logout', 'post /api/auth/password'])
    const model = t.store.users.find('admin')!
    const now = new Date().toISOString()
    t.store.users.insert({ username: 'fresh-admin', passwordHash: model.passwordHash, role: 'admin', mustChangePassword: true, createdAt: now, updatedAt: now })
    const fresh = await signIn(t.app, 'fresh-admin')
    for (const op of ops.filter((o) => !o.public && !o.beforePasswordChange)) {
      const res = await send(fresh.agent, op, fresh.csrf)
      expect(res.status, `${op.method} ${op.path}`).toBe(403)
      expect(res.body.code).toBe('PASSWORD_CHANGE_REQUIRED')
    }
    expect((await fresh.agent.get('/api/auth/session')).body.mustChangePassword).toBe(true)
  })

  it('marks only POSTs as read-only (a GET needs no mark)', () => {
    for (const op of ops.filter((o) => o.readOnly)) expect(op.method, op.path).toBe('post')
  })

  it('has every refusal of a state-changing request in the audit log', async () => {
    const rows: { method: string; path: string; status: number; result: string }[] = []
    let before: number | undefined
    for (;;) {
      const page = await admin.agent.get(`/api/audit?limit=500${before ? `&before=${before}` : ''}`)
      rows.push(...page.body.entries)
      before = page.body.nextBefore
      if (before === undefined) break
    }
    for (const op of ops.filter((o) => !o.public && o.method !== 'get')) {
      const path = concrete(op.path)
      const mine = rows.filter((r) => r.method === op.method.toUpperCase() && r.path === path && r.result === 'refused')
      const expected = op.role === 'viewer' ? 3 : 4
      expect(mine.length, `${op.method} ${op.path}`).toBeGreaterThanOrEqual(expected)
      expect(mine.some((r) => r.status === 401)).toBe(true)
    }
  })
})
