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

describe('users routes', () => {
  it('lists users without password hashes', async () => {
    const res = await admin.agent.get('/api/users')
    expect(res.status).toBe(200)
    expect(res.body.users.map((u: { username: string }) => u.username)).toEqual(['admin', 'operator', 'viewer'])
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|"password"|passwordHash|password_hash/i)
    expect(res.body.users[0]).toMatchObject({ username: 'admin', mustChangePassword: false })
  })

  it('creates a user who can then sign in with that role; a taken name is 409', async () => {
    const created = await admin.agent.post('/api/users').set('x-csrf-token', admin.csrf).send({ username: 'dba1', password: 'a-long-password-1', role: 'operator' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ username: 'dba1', role: 'operator' })
    const me = await signIn(t.app, 'dba1', 'a-long-password-1')
    expect((await me.agent.get('/api/auth/session')).body.user).toEqual({ username: 'dba1', role: 'operator' })
    const again = await admin.agent.post('/api/users').set('x-csrf-token', admin.csrf).send({ username: 'DBA1', password: 'a-long-password-1', role: 'viewer' })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('CONFLICT')
  })

  it('rejects weak passwords and bad names with 400 naming the field', async () => {
    const res = await admin.agent.post('/api/users').set('x-csrf-token', admin.csrf).send({ username: 'bad name', password: 'short', role: 'root' })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('VALIDATION_ERROR')
    const paths = res.body.details.issues.map((i: { path: string[] }) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.password', 'body.role']))
  })

  it('a role change applies to live sessions at once', async () => {
    const viewer = await signIn(t.app, 'viewer')
    expect((await viewer.agent.get('/api/users')).status).toBe(403)
    const res = await admin.agent.patch('/api/users/viewer').set('x-csrf-token', admin.csrf).send({ role: 'admin' })
    expect(res.status).toBe(200)
    expect(res.body.role).toBe('admin')
    expect((await viewer.agent.get('/api/users')).status).toBe(200)
  })

  it('a password reset ends the user\'s sessions', async () => {
    const op = await signIn(t.app, 'operator')
    const res = await admin.agent.patch('/api/users/operator').set('x-csrf-token', admin.csrf).send({ password: 'new-operator-password' })
    expect(res.status).toBe(200)
    expect((await op.agent.get('/api/auth/session')).status).toBe(401)
    expect((await request(t.app).post('/api/auth/login').send({ username: 'operator', password: TEST_PASSWORD })).status).toBe(401)
    await signIn(t.app, 'operator', 'new-operator-password')
  })

  it('a reset can be one-time: the user must choose a new password at the next sign-in', async () => {
    const res = await admin.agent.patch('/api/users/operator').set('x-csrf-token', admin.csrf).send({ password: 'temporary-password-1', mustChangePassword: true })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ username: 'operator', mustChangePassword: true })
    const login = await request(t.app).post('/api/auth/login').send({ username: 'operator', password: 'temporary-password-1' })
    expect(login.body.mustChangePassword).toBe(true)
    const audit = await admin.agent.get('/api/audit?action=users.update')
    expect(audit.body.entries[0].params).toEqual({ changes: ['password', 'oneTime'], oneTime: true })
    // A later reset without the flag is a password the admin handed over on purpose: not one-time.
    await admin.agent.patch('/api/users/operator').set('x-csrf-token', admin.csrf).send({ password: 'handed-over-password' })
    expect((await request(t.app).post('/api/auth/login').send({ username: 'operator', password: 'handed-over-password' })).body.mustChangePassword).toBe(false)
  })

  it('flags a new user or a live one as one-time; a flagged live session is held at once', async () => {
    const created = await admin.agent.post('/api/users').set('x-csrf-token', admin.csrf).send({ username: 'newbie', password: 'first-password-1', role: 'viewer', mustChangePassword: true })
    expect(created.body.mustChangePassword).toBe(true)
    expect((await request(t.app).post('/api/auth/login').send({ username: 'newbie', password: 'first-password-1' })).body.mustChangePassword).toBe(true)
    const viewer = await signIn(t.app, 'viewer')
    expect((await viewer.agent.get('/api/saved-queries')).status).toBe(200)
    expect((await admin.agent.patch('/api/users/viewer').set('x-csrf-token', admin.csrf).send({ mustChangePassword: true })).status).toBe(200)
    const held = await viewer.agent.get('/api/saved-queries')
    expect(held.status).toBe(403)
    expect(held.body.code).toBe('PASSWORD_CHANGE_REQUIRED')
  })

  it('deleting a user ends their sessions; unknown users are 404', async () => {
    const op = await signIn(t.app, 'operator')
    expect((await admin.agent.delete('/api/users/operator').set('x-csrf-token', admin.csrf)).status).toBe(204)
    expect((await op.agent.get('/api/auth/session')).status).toBe(401)
    const missing = await admin.agent.delete('/api/users/operator').set('x-csrf-token', admin.csrf)
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe('NOT_FOUND')
    expect((await admin.agent.patch('/api/users/nobody').set('x-csrf-token', admin.csrf).send({ role: 'viewer' })).status).toBe(404)
  })

  it('never leaves the console without an admin', async () => {
    const demote = await admin.agent.patch('/api/users/admin').set('x-csrf-token', admin.csrf).send({ role: 'viewer' })
    expect(demote.status).toBe(409)
    const remove = await admin.agent.delete('/api/users/admin').set('x-csrf-token', admin.csrf)
    expect(remove.status).toBe(409)
    await admin.agent.post('/api/users').set('x-csrf-token', admin.csrf).send({ username: 'admin2', password: 'second-admin-pass', role: 'admin' })
    expect((await admin.agent.patch('/api/users/admin').set('x-csrf-token', admin.csrf).send({ role: 'viewer' })).status).toBe(200)
  })

  it('an empty update is a 400', async () => {
    const res = await admin.agent.patch('/api/users/viewer').set('x-csrf-token', admin.csrf).send({})
    expect(res.status).toBe(400)
  })
})
