import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, signIn } from '../testing/test-app.js'
import type { SignedIn, TestApp } from '../testing/test-app.js'

let t: TestApp
let viewer: SignedIn
let operator: SignedIn
let admin: SignedIn
beforeEach(async () => {
  t = await createTestApp()
  ;[viewer, operator, admin] = await Promise.all([signIn(t.app, 'viewer'), signIn(t.app, 'operator'), signIn(t.app, 'admin')])
})
afterEach(async () => {
  await t.close()
})

const save = (who: SignedIn, name: string, visibility: 'private' | 'shared') =>
  who.agent
    .post('/api/saved-queries')
    .set('x-csrf-token', who.csrf)
    .send({ name, visibility, cluster: 'embedded', collection: 'foo.bar', query: { condition: { age: { $gt: { $numberLong: '20' } } }, orderBy: { name: 1 }, limit: 50 } })

describe('saved queries', () => {
  it('keeps the typed JSON query exactly and names the owner', async () => {
    const res = await save(viewer, 'Adults', 'private')
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ owner: 'viewer', name: 'Adults', visibility: 'private', cluster: 'embedded', collection: 'foo.bar' })
    expect(res.body.query).toEqual({ condition: { age: { $gt: { $numberLong: '20' } } }, orderBy: { name: 1 }, limit: 50 })
  })

  it('private queries are seen only by their owner, shared ones by everybody', async () => {
    await save(viewer, 'Mine', 'private')
    await save(operator, 'Team', 'shared')
    const forViewer = (await viewer.agent.get('/api/saved-queries')).body.queries.map((q: { name: string }) => q.name)
    const forAdmin = (await admin.agent.get('/api/saved-queries')).body.queries.map((q: { name: string }) => q.name)
    expect(forViewer.sort()).toEqual(['Mine', 'Team'])
    expect(forAdmin).toEqual(['Team'])
    const filtered = await viewer.agent.get('/api/saved-queries?collection=other.cl')
    expect(filtered.body.queries).toEqual([])
  })

  it('only the owner deletes; an admin may delete a shared one; others see 403/404', async () => {
    const mine = (await save(viewer, 'Mine', 'private')).body.id as string
    const team = (await save(viewer, 'Team', 'shared')).body.id as string
    expect((await operator.agent.delete(`/api/saved-queries/${mine}`).set('x-csrf-token', operator.csrf)).status).toBe(404)
    expect((await operator.agent.delete(`/api/saved-queries/${team}`).set('x-csrf-token', operator.csrf)).status).toBe(403)
    expect((await admin.agent.delete(`/api/saved-queries/${team}`).set('x-csrf-token', admin.csrf)).status).toBe(204)
    expect((await viewer.agent.delete(`/api/saved-queries/${mine}`).set('x-csrf-token', viewer.csrf)).status).toBe(204)
    expect((await viewer.agent.get('/api/saved-queries')).body.queries).toEqual([])
  })

  it('rejects a collection that is not cs.cl and unknown fields', async () => {
    const res = await viewer.agent
      .post('/api/saved-queries')
      .set('x-csrf-token', viewer.csrf)
      .send({ name: 'x', visibility: 'public', cluster: 'embedded', collection: 'nodot', query: { where: 1 } })
    expect(res.status).toBe(400)
    const paths = res.body.details.issues.map((i: { path: string[] }) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['body.visibility', 'body.collection']))
  })
})
