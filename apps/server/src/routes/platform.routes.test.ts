import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import express from 'express'
import { pino } from 'pino'
import request from 'supertest'
import { createApp } from '../app.js'
import { ClusterRegistry } from '../services/cluster/cluster-registry.js'
import { openStore } from '../store/index.js'
import { createTestApp, signIn } from '../testing/test-app.js'
import type { TestApp } from '../testing/test-app.js'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(async () => {
  await t.close()
})

describe('health, OpenAPI and headers', () => {
  it('GET /api/health needs no sign-in and reports the store and clusters', async () => {
    const res = await request(t.app).get('/api/health')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'ok', store: 'up', clusters: [], version: expect.any(String) })
  })

  it('reports a configured cluster that is down as degraded', async () => {
    const store = openStore({ file: ':memory:', sessionIdleMs: 60_000 })
    const clusters = new ClusterRegistry({
      clusters: [{ id: 'prod', name: 'Production', hosts: ['127.0.0.1:1'] }],
      connect: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'SdbNetworkError', code: -15 })),
      healthTimeoutMs: 500,
    })
    const app = createApp({ config: { sessionIdleMs: 60_000, loginRateLimit: 10, secureCookie: false }, store, clusters, logger: pino({ level: 'silent' }) })
    const res = await request(app).get('/api/health')
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('degraded')
    expect(res.body.clusters[0]).toMatchObject({ id: 'prod', status: 'down' })
    await clusters.close()
    store.close()
  })

  it('GET /api/openapi.json is an OpenAPI 3.1 document with x-required-role on every operation', async () => {
    const res = await request(t.app).get('/api/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body.openapi).toBe('3.1.0')
    const users = res.body.paths['/api/users']
    expect(users.post['x-required-role']).toBe('admin')
    expect(users.post.requestBody.content['application/json'].schema).toBeDefined()
    expect(res.body.paths['/api/users/{username}'].patch.parameters[0]).toMatchObject({ in: 'path', name: 'username' })
    expect(res.body.components.schemas.ErrorBody).toBeDefined()
  })

  it('sends a strict CSP and the usual hardening headers', async () => {
    const res = await request(t.app).get('/api/health')
    const csp = res.headers['content-security-policy'] as string
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-powered-by']).toBeUndefined()
  })

  it('answers unknown API paths with a JSON 404, never HTML', async () => {
    const { agent } = await signIn(t.app, 'viewer')
    const res = await agent.get('/api/nothing-here')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: 'No API route GET /api/nothing-here' })
  })

  it('refuses JSON bodies over 1 MB on the console routes with 413', async () => {
    const res = await request(t.app).post('/api/users').set('content-type', 'application/json').send(JSON.stringify({ username: 'x'.repeat(1_100_000) }))
    expect(res.status).toBe(413)
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('never sends a stack trace for an unexpected error', async () => {
    const app = express()
    const { errorHandler } = await import('../middleware/error-handler.js')
    app.get('/boom', () => {
      throw new Error('secret internals at /srv/app.js:12')
    })
    app.use(errorHandler(pino({ level: 'silent' })))
    const res = await request(app).get('/boom')
    expect(res.status).toBe(500)
    expect(res.body).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal server error' })
  })
})

describe('logging', () => {
  it('logs requests without passwords, cookies or CSRF tokens', async () => {
    const lines: string[] = []
    const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(line) })
    const logged = await createTestApp({ logger })
    try {
      const { agent, csrf } = await signIn(logged.app, 'admin')
      await agent.post('/api/users').set('x-csrf-token', csrf).send({ username: 'newbie', password: 'newbies-password-1', role: 'viewer' })
      await agent.get('/api/users?x=1')
      const text = lines.join('')
      expect(lines.length).toBeGreaterThan(2)
      expect(text).toContain('/api/users')
      expect(text).not.toContain('correct-horse-battery')
      expect(text).not.toContain('newbies-password-1')
      expect(text).not.toContain(csrf)
      expect(text).not.toMatch(/canopy\.sid=/)
      // One line per request: method, path without its query string, status and time.
      const entries = lines.map((l) => JSON.parse(l) as { msg: string; level: number; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number })
      const list = entries.find((e) => e.req?.method === 'GET' && e.req.url === '/api/users')
      expect(list).toMatchObject({ msg: 'request completed', level: 30, res: { statusCode: 200 } })
      expect(typeof list?.responseTime).toBe('number')
    } finally {
      await logged.close()
    }
  })
})

describe('web app', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'canopy-web-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  const appWith = (webDir: string) =>
    createApp({
      config: { sessionIdleMs: 60_000, loginRateLimit: 10, secureCookie: false, webDir },
      store: t.store,
      clusters: new ClusterRegistry({ clusters: [], connect: () => Promise.reject(new Error('none')) }),
      logger: pino({ level: 'silent' }),
    })

  it('serves the built SPA with a fallback to index.html for client routes', async () => {
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script>document.title = "x"</script><script type="module" src="/assets/app.js"></script>')
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)')
    const app = appWith(dir)
    const page = await request(app).get('/clusters/embedded/collections/foo.bar')
    expect(page.status).toBe(200)
    expect(page.text).toContain('/assets/app.js')
    // The one inline script of index.html is allowed by its hash; 'unsafe-inline' never is.
    const csp = page.headers['content-security-policy'] as string
    expect(csp).toContain("script-src 'self' 'sha256-")
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'")
    const asset = await request(app).get('/assets/app.js')
    expect(asset.headers['cache-control']).toContain('immutable')
    const api = await request(app).get('/api/nope')
    expect(api.status).toBe(404)
    expect(api.type).toMatch(/json/)
  })

  it('says how to build the web app when it is missing', async () => {
    const res = await request(appWith(join(dir, 'missing'))).get('/')
    expect(res.status).toBe(503)
    expect(res.text).toMatch(/npm run build -w @canopy\/web/)
  })
})
