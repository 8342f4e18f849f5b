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
    expect(res.body).toEqual({ user: { username: 'viewer', role: 'viewer' }, csrfToken: csrf })
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

  it('lets a user change their own password, which needs the current one', async () => {
    const { agent, csrf } = await signIn(t.app, 'viewer')
    const bad = await agent.post('/api/auth/password').set('x-csrf-token', csrf).send({ currentPassword: 'wrong-wrong-wrong', newPassword: 'a-brand-new-password' })
    expect(bad.status).toBe(403)
    const ok = await agent.post('/api/auth/password').set('x-csrf-token', csrf).send({ currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password' })
    expect(ok.status).toBe(200)
    expect(ok.body.user).toEqual({ username: 'viewer', role: 'viewer' })
    expect((await agent.get('/api/auth/session')).status).toBe(200)
    expect((await request(t.app).post('/api/auth/login').send({ username: 'viewer', password: TEST_PASSWORD })).status).toBe(401)
    expect((await request(t.app).post('/api/auth/login').send({ username: 'viewer', password: 'a-brand-new-password' })).status).toBe(200)
  })
})
