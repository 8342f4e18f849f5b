import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import request from 'supertest'
import { del, post, startClusterTestEnv } from './cluster-test-env.js'
import type { ClusterTestEnv } from './cluster-test-env.js'

let env: ClusterTestEnv
const spaces = '/api/clusters/embedded/collection-spaces'

beforeAll(async () => {
  env = await startClusterTestEnv()
}, 120_000)
afterAll(async () => {
  await env.close()
})

describe('collection spaces and collections', () => {
  it('creates, lists, details, renames, truncates and drops', async () => {
    expect((await post(env.admin, spaces, { name: 'sales', pageSize: 16384 })).status).toBe(201)
    const dup = await post(env.admin, spaces, { name: 'sales' })
    expect(dup.status).toBe(409)
    expect(dup.body.code).toBe('SDB_DMS_CS_EXIST')

    const created = await post(env.admin, `${spaces}/sales/collections`, { name: 'orders', shardingKey: { region: 1 }, shardingType: 'hash', replSize: 1, compressed: true, compressionType: 'lzw' })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ name: 'orders', fullName: 'sales.orders' })

    const list = await env.viewer.agent.get(spaces)
    expect(list.status).toBe(200)
    expect(list.body).toContainEqual(expect.objectContaining({ name: 'sales', collections: ['orders'], pageSize: 16384 }))
    expect((await env.viewer.agent.get(`${spaces}/sales`)).body.name).toBe('sales')

    await post(env.operator, `${spaces}/sales/collections/orders/documents`, { documents: [{ region: 'eu' }, { region: 'us' }] })
    const cls = await env.viewer.agent.get(`${spaces}/sales/collections`)
    expect(cls.status).toBe(200)
    expect(cls.body[0]).toMatchObject({ name: 'orders', fullName: 'sales.orders', stats: { totalRecords: '2' } })
    const one = await env.viewer.agent.get(`${spaces}/sales/collections/orders`)
    expect(one.body.stats.groups.length).toBeGreaterThan(0)
    expect(one.body.catalog).toMatchObject({ Name: 'sales.orders', ShardingType: 'hash', ShardingKey: { region: { $numberInt: '1' } } })

    const renamed = await post(env.admin, `${spaces}/sales/collections/orders/rename`, { newName: 'orders2' })
    expect(renamed.status).toBe(200)
    expect((await env.viewer.agent.get(`${spaces}/sales`)).body.collections).toEqual(['orders2'])

    expect((await post(env.admin, `${spaces}/sales/collections/orders2/truncate`)).status).toBe(204)
    expect((await post(env.viewer, `${spaces}/sales/collections/orders2/documents/count`, {})).body).toEqual({ count: '0' })

    expect((await del(env.admin, `${spaces}/sales/collections/orders2`)).status).toBe(204)
    expect((await env.viewer.agent.get(`${spaces}/sales/collections/orders2`)).status).toBe(404)
    expect((await del(env.admin, `${spaces}/sales`)).status).toBe(204)
    const gone = await env.viewer.agent.get(`${spaces}/sales`)
    expect(gone.status).toBe(404)
  })

  it('validates names and options, and keeps DDL for admins', async () => {
    const bad = await post(env.admin, spaces, { name: 'a.b' })
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('VALIDATION_ERROR')
    expect((await post(env.admin, spaces, { name: 'x', pageSize: 1000 })).status).toBe(400)
    expect((await post(env.operator, spaces, { name: 'nope' })).status).toBe(403)
    expect((await request(env.app.app).get(spaces)).status).toBe(401)
  })
})

describe('indexes', () => {
  it('creates, lists and drops an index', async () => {
    await post(env.admin, spaces, { name: 'ix' })
    await post(env.admin, `${spaces}/ix/collections`, { name: 'c' })
    const base = `${spaces}/ix/collections/c/indexes`
    expect((await post(env.admin, base, { name: 'name_age', key: { name: 1, age: -1 }, unique: true })).status).toBe(201)
    const list = await env.viewer.agent.get(base)
    expect(list.status).toBe(200)
    expect(list.body).toContainEqual({ name: 'name_age', key: { name: { $numberInt: '1' }, age: { $numberInt: '-1' } }, unique: true, enforced: false, notNull: false })
    expect(list.body.map((i: { name: string }) => i.name)).toContain('$id')
    expect((await post(env.admin, base, { name: 'name_age', key: { name: 1 } })).status).toBe(409)
    expect((await del(env.admin, `${base}/name_age`)).status).toBe(204)
    expect((await env.viewer.agent.get(base)).body.map((i: { name: string }) => i.name)).not.toContain('name_age')
    expect((await del(env.admin, `${base}/name_age`)).status).toBe(404)
  })
})

describe('LOBs', () => {
  it('uploads, lists, downloads (streamed) and deletes a LOB', async () => {
    await post(env.admin, spaces, { name: 'files' })
    await post(env.admin, `${spaces}/files/collections`, { name: 'blobs' })
    const base = `${spaces}/files/collections/blobs/lobs`
    const bytes = Buffer.alloc(300_000)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) % 256
    const up = await post(env.operator, base).set('content-type', 'application/octet-stream').send(bytes)
    expect(up.status).toBe(201)
    expect(up.body.size).toBe('300000')
    const oid = up.body.oid as string
    expect(oid).toMatch(/^[0-9a-f]{24}$/)

    const list = await env.viewer.agent.get(base)
    expect(list.body).toContainEqual(expect.objectContaining({ oid, size: '300000', available: true }))

    const down = await env.viewer.agent
      .get(`${base}/${oid}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => cb(null, Buffer.concat(chunks)))
      })
    expect(down.status).toBe(200)
    expect(Buffer.compare(down.body as Buffer, bytes)).toBe(0)

    expect((await del(env.viewer, `${base}/${oid}`)).status).toBe(403)
    expect((await del(env.operator, `${base}/${oid}`)).status).toBe(204)
    expect((await env.viewer.agent.get(`${base}/${oid}`)).status).toBe(404)
    expect((await env.viewer.agent.get(`${base}/not-an-oid`)).status).toBe(400)
  })
})
