import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import request from 'supertest'
import { createTestApp, signIn, TEST_PASSWORD } from '../testing/test-app.js'
import type { TestApp } from '../testing/test-app.js'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(async () => {
  await t.close()
})

const cookieOf = (res: request.Response): string => {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined
  return raw?.find((c) => c.startsWith('canopy.sid=')) ?? ''
}

describe('auth routes', () => {
  it('signs in with an HttpOnly SameSite=Strict cookie and returns user, role and CSRF token', async () => {
    const res = await request(t.app).post('/api/auth/login').send({ username: 'operator', password: TEST_PASSWORD })
    expect(res.status).toBe(200)
    expect(res.body.user).toEqual({ username: 'operator', role: 'operator' })
    expect(res.body.mustChangePassword).toBe(false)
    expect(typeof res.body.csrfToken).toBe('string')
    const cookie = cookieOf(res)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)?.[1] ?? '')
    expect(expires - Date.now()).toBeGreaterThan(29 * 60_000)
    expect(expires - Date.now()).toBeLessThanOrEqual(30 * 60_000 + 1000)
  })

  it('GET /api/auth/session answers the same user and token; 401 without a session', async () => {
    const { agent, csrf } = await signIn(t.app, 'viewer')
    const res = await agent.get('/api/auth/session')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ user: { username: 'viewer', role: 'viewer' }, csrfToken: csrf, mustChangePassword: false })
    const anon = await request(t.app).get('/api/auth/session')
    expect(anon.status).toBe(401)
    expect(anon.body.code).toBe('UNAUTHENTICATED')
  })

  it('refuses a wrong password or unknown user with 401 INVALID_CREDENTIALS, without saying which', async () => {
    const wrong = await request(t.app).post('/api/auth/login').send({ username: 'admin', password: 'nope-nope-nope' })
    const unknown = await request(t.app).post('/api/auth/login').send({ username: 'ghost', password: 'nope-nope-nope' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual(unknown.body)
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS')
    expect(cookieOf(wrong)).toBe('')
  })

  it('regenerates the session id on sign-in', async () => {
    const agent = request.agent(t.app)
    const first = await agent.post('/api/auth/login').send({ username: 'admin', password: TEST_PASSWORD })
    const second = await agent.post('/api/auth/login').send({ username: 'admin', password: TEST_PASSWORD })
    expect(cookieOf(first).split(';')[0]).not.toBe(cookieOf(second).split(';')[0])
    const old = await request(t.app).get('/api/auth/session').set('cookie', cookieOf(first).split(';')[0]!)
    expect(old.status).toBe(401)
  })

  it('logout destroys the session: the old cookie no longer works', async () => {
    const { agent, csrf } = await signIn(t.app, 'admin')
    const sessionCookie = cookieOf(await agent.get('/api/auth/session')).split(';')[0]!
    const out = await agent.post('/api/auth/logout').set('x-csrf-token', csrf)
    expect(out.status).toBe(204)
    expect((await request(t.app).get('/api/auth/session').set('cookie', sessionCookie)).status).toBe(401)
    expect((await agent.get('/api/auth/session')).status).toBe(401)
  })

  it('rate-limits failed sign-ins per client and user name with 429 RATE_LIMITED', async () => {
    const limited = await createTestApp({ loginRateLimit: 3 })
    try {
      for (let i = 0; i < 3; i++) {
        expect((await request(limited.app).post('/api/auth/login').send({ username: 'admin', password: 'wrong-password!' })).status).toBe(401)
      }
      const blocked = await request(limited.app).post('/api/auth/login').send({ username: 'admin', password: TEST_PASSWORD })
      expect(blocked.status).toBe(429)
      expect(blocked.body.code).toBe('RATE_LIMITED')
      // Another user name from the same client is not locked out by someone guessing admin's password.
      expect((await request(limited.app).post('/api/auth/login').send({ username: 'viewer', password: TEST_PASSWORD })).status).toBe(200)
    } finally {
      await limited.close()
    }
  })

  it('ends a session after the idle timeout', async () => {
    const short = await createTestApp({ sessionIdleMs: 1500 })
    try {
      // Replays the cookie by hand: the server must refuse it even if a client keeps it past expiry.
      const login = await request(short.app).post('/api/auth/login').send({ username: 'viewer', password: TEST_PASSWORD })
      const cookie = cookieOf(login).split(';')[0]!
      await new Promise((r) => setTimeout(r, 700))
      expect((await request(short.app).get('/api/auth/session').set('cookie', cookie)).status).toBe(200)
      await new Promise((r) => setTimeout(r, 1000))
      // Activity renewed it: 1.7 s after sign-in but only 1 s idle.
      expect((await request(short.app).get('/api/auth/session').set('cookie', cookie)).status).toBe(200)
      await new Promise((r) => setTimeout(r, 1700))
      expect((await request(short.app).get('/api/auth/session').set('cookie', cookie)).status).toBe(401)
    } finally {
      await short.close()
    }
  })

  it('renews the cookie when the session\'s expiry moved, not on every answer, and refuses a forged cookie', async () => {
    const short = await createTestApp({ sessionIdleMs: 20_000 })
    try {
      const login = await request(short.app).post('/api/auth/login').send({ username: 'viewer', password: TEST_PASSWORD })
      const cookie = cookieOf(login).split(';')[0]!
      const users = () => request(short.app).get('/api/clusters').set('cookie', cookie)
      // Within the renewal lag (a twentieth of the idle time) no Set-Cookie...
      expect(cookieOf(await users())).toBe('')
      await new Promise((r) => setTimeout(r, 1100))
      // ...after it, the same session id with a full idle time ahead.
      const renewed = cookieOf(await users())
      expect(renewed.split(';')[0]).toBe(cookie)
      expect(Date.parse(/Expires=([^;]+)/.exec(renewed)?.[1] ?? '') - Date.now()).toBeGreaterThan(18_000)
      expect((await request(short.app).get('/api/auth/session').set('cookie', 'canopy.sid=s%3Aforged.signature')).status).toBe(401)
      expect((await request(short.app).get('/api/auth/session').set('cookie', `canopy.sid=${'A'.repeat(43)}`)).status).toBe(401)
    } finally {
      await short.close()
    }
  })

  it('lets a user change their own password, which needs the current one', async () => {
    const { agent, csrf } = await signIn(t.app, 'viewer')
    const bad = await agent.post('/api/auth/password').set('x-csrf-token', csrf).send({ currentPassword: 'wrong-wrong-wrong', newPassword: 'a-brand-new-password' })
    expect(bad.status).toBe(403)
    expect(bad.body.code).toBe('INVALID_CREDENTIALS')
    const ok = await agent.post('/api/auth/password').set('x-csrf-token', csrf).send({ currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password' })
    expect(ok.status).toBe(200)
    expect(ok.body.user).toEqual({ username: 'viewer', role: 'viewer' })
    expect(ok.body.mustChangePassword).toBe(false)
    expect((await agent.get('/api/auth/session')).status).toBe(200)
    expect((await request(t.app).post('/api/auth/login').send({ username: 'viewer', password: TEST_PASSWORD })).status).toBe(401)
    expect((await request(t.app).post('/api/auth/login').send({ username: 'viewer', password: 'a-brand-new-password' })).status).toBe(200)
  })

  it('refuses a new password that is short or equal to the current one (400 naming the field), and one without the CSRF token', async () => {
    const { agent, csrf } = await signIn(t.app, 'viewer')
    const same = await agent.post('/api/auth/password').set('x-csrf-token', csrf).send({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD })
    expect(same.status).toBe(400)
    expect(same.body.details.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(['body.newPassword'])
    const short = await agent.post('/api/auth/password').set('x-csrf-token', csrf).send({ currentPassword: TEST_PASSWORD, newPassword: 'short' })
    expect(short.status).toBe(400)
    const noCsrf = await agent.post('/api/auth/password').send({ currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password' })
    expect(noCsrf.status).toBe(403)
    expect(noCsrf.body.code).toBe('CSRF_INVALID')
    expect((await request(t.app).post('/api/auth/login').send({ username: 'viewer', password: TEST_PASSWORD })).status).toBe(200)
  })

  it('a password change regenerates the session and ends the user\'s other sessions', async () => {
    const here = await signIn(t.app, 'operator')
    const elsewhere = await signIn(t.app, 'operator')
    const before = cookieOf(await here.agent.get('/api/auth/session')).split(';')[0]!
    const res = await here.agent.post('/api/auth/password').set('x-csrf-token', here.csrf).send({ currentPassword: TEST_PASSWORD, newPassword: 'operator-second-password' })
    expect(res.status).toBe(200)
    const after = cookieOf(res).split(';')[0]!
    expect(after).not.toBe(before)
    expect((await request(t.app).get('/api/auth/session').set('cookie', before)).status).toBe(401)
    expect((await elsewhere.agent.get('/api/auth/session')).status).toBe(401)
    // The new session works, with the new CSRF token.
    const saved = await here.agent.post('/api/saved-queries').set('x-csrf-token', res.body.csrfToken).send({ name: 'q', visibility: 'private', cluster: 'embedded', collection: 'a.b', query: {} })
    expect(saved.status).not.toBe(403)
  })

  it('audits the password change without any password', async () => {
    const { agent, csrf } = await signIn(t.app, 'viewer')
    await agent.post('/api/auth/password').set('x-csrf-token', csrf).send({ currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' })
    await agent.post('/api/auth/password').set('x-csrf-token', csrf).send({ currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password' })
    const rows = t.store.audit.list({ limit: 10, action: 'auth.change-password' })
    expect(rows.map((r) => [r.actor, r.result, r.status])).toEqual([
      ['viewer', 'ok', 200],
      ['viewer', 'refused', 403],
    ])
    expect(rows[0]?.params).toEqual({ oneTime: false })
    const text = JSON.stringify(rows)
    expect(text).not.toContain('a-brand-new-password')
    expect(text).not.toContain(TEST_PASSWORD)
    expect(text).not.toContain('not-my-password')
  })
})

describe('one-time passwords', () => {
  const flag = (username: string) => t.store.users.update(username, { mustChangePassword: true }, new Date().toISOString())

  it('holds a flagged user to the session, the password change and logout until the password is changed', async () => {
    flag('operator')
    const login = await request(t.app).post('/api/auth/login').send({ username: 'operator', password: TEST_PASSWORD })
    expect(login.body.mustChangePassword).toBe(true)
    const { agent, csrf } = await signIn(t.app, 'operator')
    expect((await agent.get('/api/auth/session')).body.mustChangePassword).toBe(true)
    for (const res of [
      await agent.get('/api/saved-queries'),
      await agent.get('/api/clusters'),
      await agent.post('/api/saved-queries').set('x-csrf-token', csrf).send({}),
      await agent.get('/api/no-such-route'),
    ]) {
      expect(res.status).toBe(403)
      expect(res.body.code).toBe('PASSWORD_CHANGE_REQUIRED')
      expect(res.body.message).toMatch(/one-time password/)
    }
    // Refused writes are in the audit log like any refusal.
    const refused = t.store.audit.list({ limit: 5, actor: 'operator' })
    expect(refused.some((r) => r.method === 'POST' && r.path === '/api/saved-queries' && r.result === 'refused' && r.errorCode === 'PASSWORD_CHANGE_REQUIRED')).toBe(true)
    // Public operations still answer.
    expect((await agent.get('/api/health')).status).not.toBe(403)

    const changed = await agent.post('/api/auth/password').set('x-csrf-token', csrf).send({ currentPassword: TEST_PASSWORD, newPassword: 'my-own-password-1' })
    expect(changed.status).toBe(200)
    expect(changed.body.mustChangePassword).toBe(false)
    expect((await agent.get('/api/saved-queries')).status).toBe(200)
    expect(t.store.users.find('operator')?.mustChangePassword).toBe(false)
    expect((await request(t.app).post('/api/auth/login').send({ username: 'operator', password: 'my-own-password-1' })).body.mustChangePassword).toBe(false)
  })

  it('lets a flagged user log out', async () => {
    flag('viewer')
    const { agent, csrf } = await signIn(t.app, 'viewer')
    expect((await agent.post('/api/auth/logout').set('x-csrf-token', csrf)).status).toBe(204)
    expect((await agent.get('/api/auth/session')).status).toBe(401)
  })
})
