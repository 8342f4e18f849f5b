import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@canopy/sdb-client'
import { toTypedJson } from '@canopy/sdb-client/bson'
import { del, post, startClusterTestEnv } from './cluster-test-env.js'
import type { ClusterTestEnv } from './cluster-test-env.js'

let env: ClusterTestEnv
const c = '/api/clusters/embedded'

beforeAll(async () => {
  env = await startClusterTestEnv({ replicas: 1 })
  await post(env.admin, `${c}/collection-spaces`, { name: 'm' })
  await post(env.admin, `${c}/collection-spaces/m/collections`, { name: 't' })
  await post(env.operator, `${c}/collection-spaces/m/collections/t/documents`, { documents: [{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'y' }] })
}, 120_000)
afterAll(async () => {
  await env.close()
})

describe('snapshots and lists', () => {
  it('reads each snapshot type, with condition and orderBy', async () => {
    for (const type of ['sessions', 'contexts', 'collections', 'collectionspaces', 'health', 'database', 'system', 'transactions']) {
      const r = await env.viewer.agent.get(`${c}/snapshots/${type}`)
      expect(r.status, type).toBe(200)
      expect(r.body.type).toBe(type)
      expect(Array.isArray(r.body.documents)).toBe(true)
    }
    const cl = await env.viewer.agent.get(`${c}/snapshots/collections`).query({ condition: JSON.stringify({ Name: 'm.t' }) })
    expect(cl.body.documents).toHaveLength(1)
    expect(cl.body.documents[0].Name).toBe('m.t')
    const list = await env.viewer.agent.get(`${c}/snapshots/collections`).query({ list: 'true', orderBy: JSON.stringify({ Name: -1 }) })
    expect(list.body.documents.map((d: { Name: string }) => d.Name)).toContain('m.t')
    const health = await env.viewer.agent.get(`${c}/snapshots/health`)
    expect(health.body.documents.length).toBeGreaterThan(0)
  })

  it('rejects unknown types and malformed conditions', async () => {
    expect((await env.viewer.agent.get(`${c}/snapshots/bogus`)).status).toBe(400)
    const r = await env.viewer.agent.get(`${c}/snapshots/sessions`).query({ condition: '{oops' })
    expect(r.status).toBe(400)
    expect(r.body.code).toBe('VALIDATION_ERROR')
  })

  it('kills another session by its id', async () => {
    const other = await Client.connect({ hosts: [env.emulator.coordAddress] })
    try {
      const mine = await other.list('sessionsCurrent').toArray()
      const id = JSON.stringify(toTypedJson(mine[0]!.SessionID)).replace(/[^0-9]/g, '')
      expect(id).toMatch(/^\d+$/)
      const key = JSON.stringify(toTypedJson(mine[0]!.SessionID))
      const before = await env.viewer.agent.get(`${c}/snapshots/sessions`).query({ list: 'true' })
      expect(before.body.documents.map((d: { SessionID: unknown }) => JSON.stringify(d.SessionID))).toContain(key)
      expect((await del(env.admin, `${c}/sessions/${id}`)).status).toBe(204)
      const left = await env.viewer.agent.get(`${c}/snapshots/sessions`).query({ list: 'true' })
      expect(left.status).toBe(200)
      expect(left.body.documents.map((d: { SessionID: unknown }) => JSON.stringify(d.SessionID))).not.toContain(key)
    } finally {
      await other.close().catch(() => undefined)
    }
  })

  it('keeps kill session for admins and validates the id', async () => {
    expect((await del(env.operator, `${c}/sessions/1`)).status).toBe(403)
    expect((await del(env.admin, `${c}/sessions/abc`)).status).toBe(400)
  })
})

describe('SQL', () => {
  it('runs a select and returns typed documents', async () => {
    const r = await post(env.operator, `${c}/sql`, { sql: "select a, b from m.t where b = 'y' order by a" })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ documents: [{ a: { $numberInt: '2' }, b: 'y' }, { a: { $numberInt: '3' }, b: 'y' }], truncated: false })
    const lim = await post(env.operator, `${c}/sql`, { sql: 'select a from m.t', limit: 2 })
    expect(lim.body.truncated).toBe(true)
    expect(lim.body.documents).toHaveLength(2)
  })

  it('runs an update statement, and keeps DDL for admins', async () => {
    const u = await post(env.operator, `${c}/sql`, { sql: "update m.t set b = 'z' where a = 1" })
    expect(u.status).toBe(200)
    expect((await post(env.viewer, `${c}/collection-spaces/m/collections/t/documents/count`, { condition: { b: 'z' } })).body).toEqual({ count: '1' })
    const ddl = await post(env.operator, `${c}/sql`, { sql: 'drop collection m.t' })
    expect(ddl.status).toBe(403)
    expect((await post(env.viewer, `${c}/sql`, { sql: 'select * from m.t' })).status).toBe(403)
  })

  it('refuses transaction statements, which would outlive the request on a pooled connection', async () => {
    const r = await post(env.operator, `${c}/sql`, { sql: 'begin transaction' })
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(/Transaction statements/)
  })

  it('lets an admin run DDL through SQL', async () => {
    const create = await post(env.admin, `${c}/sql`, { sql: 'create collection m.sqlmade' })
    expect(create.status).toBe(200)
    expect((await post(env.admin, `${c}/sql`, { sql: 'select * from m.sqlmade' })).body).toEqual({ documents: [], truncated: false })
    expect((await post(env.admin, `${c}/sql`, { sql: 'drop collection m.sqlmade' })).status).toBe(200)
  })

  it('reports a syntax error with its SDB name', async () => {
    const r = await post(env.operator, `${c}/sql`, { sql: 'selec nonsense' })
    expect(r.status).toBe(400)
    expect(r.body.code).toMatch(/^SDB_/)
  })
})
