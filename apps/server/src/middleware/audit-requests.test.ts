import express from 'express'
import type { Request, RequestHandler } from 'express'
import request from 'supertest'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiRegistry } from '@canopy/api-contract'
import { AuditService } from '../services/audit.service.js'
import { openStore } from '../store/index.js'
import type { Store } from '../store/index.js'
import { annotateAudit, auditRequests } from './audit-requests.js'
import { errorHandler } from './error-handler.js'
import { HttpError } from './http-error.js'
import { OperationIndex, operationMounter } from './operation.js'

// A small app with one read-only POST, one write and a guard that lets through requests with
// `x-role: viewer`: enough to see which requests leave an audit row.
let store: Store
beforeEach(() => {
  store = openStore({ file: ':memory:', sessionIdleMs: 60_000 })
})
afterEach(() => {
  store.close()
})

function appWithAudit() {
  const registry = new ApiRegistry()
  const app = express()
  app.use(express.json())
  app.use(auditRequests(new AuditService(store.audit), new OperationIndex(registry), (req: Request) => req.get('x-user') ?? null, () => undefined))
  const guard = (): RequestHandler => (req, _res, next) => {
    next(req.get('x-role') === 'viewer' ? undefined : HttpError.forbidden('no'))
  }
  const mount = operationMounter(registry, guard)
  const router = express.Router()
  mount(router, { method: 'post', path: '/api/things/{id}/query', role: 'viewer', readOnly: true, action: 'things.query', summary: 'Read' }, ({ req, res }) => {
    annotateAudit(req, { target: 'annotated' })
    res.json({ ok: true })
  })
  mount(router, { method: 'post', path: '/api/things/{id}/fail', role: 'viewer', readOnly: true, action: 'things.fail', summary: 'Read that fails' }, () => {
    throw HttpError.notFound('no such thing')
  })
  mount(router, { method: 'post', path: '/api/things', role: 'viewer', action: 'things.create', summary: 'Write' }, ({ res }) => {
    res.status(201).json({ ok: true })
  })
  app.use(router)
  app.use(errorHandler({ error: () => undefined }))
  return app
}

const rows = () => store.audit.list({ limit: 100 }).map((r) => `${r.action} ${r.result} ${r.status ?? ''}`)

describe('auditRequests', () => {
  it('does not record an allowed read-only POST, nor one that fails, but records a write', async () => {
    const app = appWithAudit()
    expect((await request(app).post('/api/things/7/query').set('x-role', 'viewer').send({ condition: {} })).status).toBe(200)
    expect((await request(app).post('/api/things/7/fail').set('x-role', 'viewer').send({})).status).toBe(404)
    expect(rows()).toEqual([])
    expect((await request(app).post('/api/things').set('x-role', 'viewer').send({ name: 'a' })).status).toBe(201)
    expect(rows()).toEqual(['things.create ok 201'])
  })

  it('records a refused read-only POST with who, where and the target', async () => {
    const app = appWithAudit()
    expect((await request(app).post('/api/things/7/query').set('x-user', 'mallory').send({})).status).toBe(403)
    const [row] = store.audit.list({ limit: 1 })
    expect(row).toMatchObject({ actor: 'mallory', action: 'things.query', result: 'refused', status: 403, path: '/api/things/7/query', target: '7', errorCode: 'FORBIDDEN' })
  })
})
