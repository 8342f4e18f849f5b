import type { Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import request from 'supertest'
import { createTestApp, TEST_PASSWORD } from './testing/test-app.js'
import type { TestApp } from './testing/test-app.js'

// Property: whatever a client sends (any method, any known or unknown path, any query, any body,
// broken JSON included), the server answers with a status below 500 and stays up.
const RUNS = Number(process.env['CANOPY_FUZZ_RUNS'] ?? 2000)

let t: TestApp
let server: Server
let paths: string[]
let cookie: string
let csrf: string

beforeAll(async () => {
  t = await createTestApp()
  server = t.app.listen(0, '127.0.0.1')
  const doc = (await request(server).get('/api/openapi.json')).body as { paths: Record<string, unknown> }
  // Signing out would end the session the other runs use; it is covered by its own tests.
  paths = Object.keys(doc.paths).filter((p) => p !== '/api/auth/logout' && p !== '/api/auth/password')
  const login = await request(server).post('/api/auth/login').send({ username: 'admin', password: TEST_PASSWORD })
  cookie = ((login.headers['set-cookie'] as unknown as string[])[0] ?? '').split(';')[0]!
  csrf = login.body.csrfToken as string
})
afterAll(async () => {
  await new Promise((r) => server.close(r))
  await t.close()
})

const segment = fc.oneof(
  fc.constantFrom('embedded', 'sample', 'admin', 'viewer', '..', '%2e%2e', '%00', '%E0%A4%A', 'foo.bar', ''),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
)
const pathArb = fc.oneof(
  fc.tuple(fc.nat(), fc.array(segment, { maxLength: 3 })).map(([i, segs]) => {
    const template = paths[i % paths.length] ?? '/api/health'
    let n = 0
    return template.replace(/\{[^}]+\}/g, () => segs[n++] ?? 'sample')
  }),
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/api/${s.join('/')}`),
)
const queryArb = fc.dictionary(fc.constantFrom('limit', 'before', 'actor', 'action', 'cluster', 'collection', 'x', '__proto__', 'constructor'), fc.oneof(fc.string({ maxLength: 8 }), fc.integer().map(String)), { maxKeys: 3 })
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      username: fc.oneof(fc.string({ maxLength: 70 }), fc.integer(), fc.constant(null)),
      password: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)),
      role: fc.oneof(fc.constantFrom('viewer', 'operator', 'admin', 'root'), fc.integer()),
      name: fc.string({ maxLength: 10 }),
      visibility: fc.constantFrom('private', 'shared', 'public'),
      cluster: fc.string({ maxLength: 10 }),
      collection: fc.constantFrom('a.b', 'nodot', '', 'a.b.c'),
      query: fc.jsonValue({ maxDepth: 2 }),
      __proto__: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  ),
)
const bodyArb = fc.oneof(
  jsonBody.map((v) => ({ type: 'json' as const, text: JSON.stringify(v) ?? 'null' })),
  fc.string({ maxLength: 40 }).map((s) => ({ type: 'json' as const, text: s })),
  fc.string({ maxLength: 40 }).map((s) => ({ type: 'text' as const, text: s })),
)

describe('malformed requests', () => {
  it(`never answer 5xx (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('get', 'post', 'put', 'patch', 'delete'),
        pathArb,
        queryArb,
        bodyArb,
        fc.boolean(),
        async (method, path, query, body, signedIn) => {
          const qs = new URLSearchParams(query).toString()
          const req = request(server)[method as 'post'](qs ? `${path}?${qs}` : path)
          if (signedIn) req.set('cookie', cookie).set('x-csrf-token', csrf)
          req.set('content-type', body.type === 'json' ? 'application/json' : 'text/plain')
          const res = method === 'get' ? await req : await req.send(body.text)
          expect(res.status, `${method} ${path} ${body.text}`).toBeLessThan(500)
          // Every answer with a body is JSON (a successful delete has none: 204).
          if (path.startsWith('/api/') && res.status !== 204) expect(res.type).toMatch(/json/)
        },
      ),
      { numRuns: RUNS },
    )
    expect((await request(server).get('/api/health')).status).toBe(200)
  }, 600_000)
})
