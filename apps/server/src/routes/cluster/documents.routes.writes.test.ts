/**
 * Writes by condition read only what the user asked for: the dry run is one count, the write
 * itself is no count at all (the server's own update/delete counts come back with the write).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator } from '@canopy/sdb-emulator'
import type { Emulator } from '@canopy/sdb-emulator'
import { connectDriver } from '../../services/cluster/driver-adapter.js'
import { createClusterRegistry } from '../../services/cluster/index.js'
import type { CollectionPort, SdbPort } from '../../services/cluster/sdb-port.js'
import { createTestApp, signIn } from '../../testing/test-app.js'
import type { SignedIn, TestApp } from '../../testing/test-app.js'
import { post } from './cluster-test-env.js'

const docs = '/api/clusters/embedded/collection-spaces/w/collections/t/documents'
let emulator: Emulator
let app: TestApp
let admin: SignedIn
let operator: SignedIn
let counts = 0

/** A property of `target`, methods bound to it (the driver adapter uses private fields). */
function bound(target: object, prop: string | symbol): unknown {
  const value = Reflect.get(target, prop, target) as unknown
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
}

/** The real driver port, with every collection's count() tallied. */
function countingPort(port: SdbPort): SdbPort {
  return new Proxy(port, {
    get(target, prop) {
      if (prop !== 'collection') return bound(target, prop)
      return (cs: string, name: string): CollectionPort => {
        const collection = target.collection(cs, name)
        return new Proxy(collection, {
          get(c, p) {
            if (p === 'count') {
              return (...args: Parameters<CollectionPort['count']>) => {
                counts += 1
                return c.count(...args)
              }
            }
            return bound(c, p)
          },
        })
      }
    },
  })
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, groups: 1, replicas: 1 })
  const registry = createClusterRegistry({ clusters: [{ id: 'embedded', name: 'e', hosts: [emulator.coordAddress] }], connect: async (c) => countingPort(await connectDriver(c)) })
  app = await createTestApp({ clusters: registry })
  ;[admin, operator] = await Promise.all([signIn(app.app, 'admin'), signIn(app.app, 'operator')])
  expect((await post(admin, '/api/clusters/embedded/collection-spaces', { name: 'w' })).status).toBe(201)
  expect((await post(admin, '/api/clusters/embedded/collection-spaces/w/collections', { name: 't' })).status).toBe(201)
  expect((await post(operator, docs, { documents: [1, 2, 3, 4].map((i) => ({ _id: i, n: i % 2 })) })).status).toBe(201)
}, 60_000)

afterAll(async () => {
  await app.close()
  await emulator.close()
})

describe('writes by condition', () => {
  it('count only in the dry run; the update and the delete send no count', async () => {
    counts = 0
    const dry = await post(operator, `${docs}/update`, { condition: { n: 1 }, rule: { $set: { seen: true } }, dryRun: true })
    expect(dry.body).toEqual({ matched: '2' })
    expect(counts).toBe(1)

    counts = 0
    const upd = await post(operator, `${docs}/update`, { condition: { n: 1 }, rule: { $set: { seen: true } } })
    expect(upd.body).toEqual({ updated: '2', modified: '2' })
    const del = await post(operator, `${docs}/delete`, { condition: { n: 0 } })
    expect(del.body).toEqual({ deleted: '2' })
    expect(counts).toBe(0)
    expect((await post(operator, `${docs}/count`, {})).body).toEqual({ count: '2' })
  })
})
