import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import request from 'supertest'
import { createTestApp, signIn, TEST_PASSWORD } from '../testing/test-app.js'
import type { SignedIn, TestApp } from '../testing/test-app.js'

let t: TestApp
let admin: SignedIn
beforeEach(async () => {
  t = await createTestApp()
  admin = await signIn(t.app, 'admin')
})
afterEach(async () => {
  await t.close()
})

interface Row {
  id: number
  actor: string | null
  action: string
  target: string | null
  result: string
  status: number | null
  errorCode: string | null
  params?: unknown
  ip: string | null
  at: string
  before?: unknown
}

const entries = async (query = ''): Promise<Row[]> => {
  const res = await admin.agent.get(`/api/audit${query}`)
  expect(res.status).toBe(200)
  return res.body.entries as Row[]
}

describe('audit log', () => {
  it('records sign-ins, good and bad, with who, when, where, what and the result, never the password', async () => {
    await request(t.app).post('/api/auth/login').send({ username: 'viewer', password: 'wrong-password!' })
    const rows = await entries('?action=auth.login')
    expect(rows[0]).toMatchObject({ actor: null, target: 'viewer', result: 'refused', status: 401, errorCode: 'INVALID_CREDENTIALS' })
    expect(rows[1]).toMatchObject({ actor: 'admin', target: 'admin', result: 'ok', status: 200 })
    expect(rows[0]!.ip).toMatch(/127\.0\.0\.1|::1/)
    expect(Date.now() - Date.parse(rows[0]!.at)).toBeLessThan(60_000)
    expect(JSON.stringify(rows)).not.toContain('wrong-password!')
    expect(JSON.stringify(rows)).not.toContain(TEST_PASSWORD)
  })

  it('records user management with target and parameters, secrets redacted', async () => {
    await admin.agent.post('/api/users').set('x-csrf-token', admin.csrf).send({ username: 'eve', password: 'eves-secret-password', role: 'viewer' })
    await admin.agent.patch('/api/users/eve').set('x-csrf-token', admin.csrf).send({ password: 'eves-other-password' })
    const rows = await entries()
    const create = rows.find((r) => r.action === 'users.create')
    const update = rows.find((r) => r.action === 'users.update')
    expect(create).toMatchObject({ actor: 'admin', target: 'eve', result: 'ok', status: 201, params: { username: 'eve', role: 'viewer' } })
    expect(update).toMatchObject({ target: 'eve', params: { changes: ['password'] } })
    expect(JSON.stringify(rows)).not.toMatch(/eves-(secret|other)-password/)
  })

  it('records refusals: no session (401), no CSRF token (403), role too low (403)', async () => {
    await request(t.app).post('/api/users').send({ username: 'x', password: 'xxxxxxxxxxxxxxx', role: 'viewer' })
    await admin.agent.post('/api/users').send({ username: 'y', password: 'yyyyyyyyyyyyyyy', role: 'viewer' })
    const viewer = await signIn(t.app, 'viewer')
    await viewer.agent.delete('/api/users/operator').set('x-csrf-token', viewer.csrf)
    const rows = await entries()
    expect(rows.find((r) => r.status === 401 && r.action === 'users.create')).toMatchObject({ actor: null, result: 'refused', errorCode: 'UNAUTHENTICATED' })
    expect(rows.find((r) => r.errorCode === 'CSRF_INVALID')).toMatchObject({ actor: 'admin', action: 'users.create', result: 'refused', status: 403 })
    expect(rows.find((r) => r.action === 'users.delete')).toMatchObject({ actor: 'viewer', target: 'operator', result: 'refused', status: 403, errorCode: 'FORBIDDEN' })
  })

  it('records failures and requests to unknown paths', async () => {
    await admin.agent.delete('/api/users/nobody').set('x-csrf-token', admin.csrf)
    await admin.agent.post('/api/no-such-thing').set('x-csrf-token', admin.csrf).send({ a: 1 })
    const rows = await entries()
    expect(rows.find((r) => r.action === 'users.delete')).toMatchObject({ result: 'error', status: 404, errorCode: 'NOT_FOUND' })
    expect(rows.find((r) => r.action === 'POST /api/no-such-thing')).toMatchObject({ result: 'error', status: 404 })
  })

  it('pages newest first and filters by actor and action', async () => {
    for (let i = 0; i < 5; i++) await admin.agent.post('/api/saved-queries').set('x-csrf-token', admin.csrf).send({ name: `q${i}`, visibility: 'private', cluster: 'c', collection: 'a.b', query: {} })
    const page1 = await admin.agent.get('/api/audit?limit=2&action=saved-queries.create')
    expect(page1.body.entries).toHaveLength(2)
    const page2 = await admin.agent.get(`/api/audit?limit=2&action=saved-queries.create&before=${page1.body.nextBefore}`)
    expect(page2.body.entries[0].id).toBeLessThan(page1.body.entries[1].id)
    expect((await entries('?actor=nobody'))).toEqual([])
    expect((await entries('?actor=admin&limit=500')).every((r) => r.actor === 'admin')).toBe(true)
  })

  it('is admin-only and append-only', async () => {
    const op = await signIn(t.app, 'operator')
    expect((await op.agent.get('/api/audit')).status).toBe(403)
    expect(() => t.store.db.prepare('UPDATE audit_log SET actor = ?').run('mallory')).toThrow(/append-only/)
    expect(() => t.store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
  })
})
