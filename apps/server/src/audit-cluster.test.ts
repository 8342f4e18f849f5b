import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator } from '@canopy/sdb-emulator'
import type { Emulator } from '@canopy/sdb-emulator'
import { createClusterRegistry } from './services/cluster/index.js'
import { createTestApp, signIn } from './testing/test-app.js'
import type { SignedIn, TestApp } from './testing/test-app.js'

// The platform's audit service behind the cluster routes, against a real emulator: the cluster
// routes' annotations (action, target, before/after) land in the same one-row-per-request log.

let emulator: Emulator
let t: TestApp
let admin: SignedIn
beforeAll(async () => {
  emulator = await startEmulator({ host: '127.0.0.1', port: 0, groups: 1, replicas: 1 })
  t = await createTestApp({ clusters: createClusterRegistry({ clusters: [{ id: 'embedded', name: 'Test', hosts: [emulator.coordAddress] }] }) })
  admin = await signIn(t.app, 'admin')
})
afterAll(async () => {
  await t.close()
  await emulator.close()
})

interface Row {
  actor: string | null
  action: string
  target: string | null
  result: string
  status: number
  errorCode: string | null
  after?: unknown
}

const audit = async (action: string): Promise<Row[]> => (await admin.agent.get(`/api/audit?action=${encodeURIComponent(action)}`)).body.entries as Row[]

describe('audit of cluster actions', () => {
  it('records DDL and document inserts with the actor, target and the document after', async () => {
    const cs = await admin.agent.post('/api/clusters/embedded/collection-spaces').set('x-csrf-token', admin.csrf).send({ name: 'audited' })
    expect(cs.status).toBe(201)
    const cl = await admin.agent.post('/api/clusters/embedded/collection-spaces/audited/collections').set('x-csrf-token', admin.csrf).send({ name: 'people' })
    expect(cl.status).toBe(201)
    const ins = await admin.agent
      .post('/api/clusters/embedded/collection-spaces/audited/collections/people/documents')
      .set('x-csrf-token', admin.csrf)
      .send({ documents: [{ name: 'Tom', age: { $numberLong: '24' } }] })
    expect(ins.status).toBeLessThan(300)
    const [create] = await audit('collectionSpaces.create')
    expect(create).toMatchObject({ actor: 'admin', target: 'audited', result: 'ok', status: 201 })
    const inserted = (await admin.agent.get('/api/audit?limit=5')).body.entries as Row[]
    const row = inserted.find((r) => r.target === 'audited.people' && r.status < 300 && r.after !== undefined)
    expect(JSON.stringify(row?.after)).toContain('Tom')
  })

  it('records a viewer refused a drop, and a failed drop of a missing space', async () => {
    const viewer = await signIn(t.app, 'viewer')
    const refused = await viewer.agent.delete('/api/clusters/embedded/collection-spaces/audited').set('x-csrf-token', viewer.csrf)
    expect(refused.status).toBe(403)
    const missing = await admin.agent.delete('/api/clusters/embedded/collection-spaces/nothere').set('x-csrf-token', admin.csrf)
    expect(missing.status).toBe(404)
    const rows = (await admin.agent.get('/api/audit?limit=10')).body.entries as Row[]
    expect(rows.find((r) => r.actor === 'viewer' && r.status === 403)).toMatchObject({ result: 'refused', errorCode: 'FORBIDDEN' })
    expect(rows.find((r) => r.actor === 'admin' && r.status === 404)).toMatchObject({ result: 'error', errorCode: expect.stringMatching(/NOT/) })
  })
})
