import { Client } from '@canopy/sdb-client'
import type { BsonDocument } from '@canopy/sdb-client/bson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorInternals } from '../src/server/emulator.js'

/**
 * The console's keyset paging over TCP (condition on an `_id` range, orderBy `_id`, limit 50):
 * a page must read about 50 records, not the whole collection, on one group and on several.
 */
const DOCS = 20_000
let emu: EmulatorInternals
let client: Client

beforeAll(async () => {
  emu = await startEmulator({ port: 0, groups: 2, replicas: 1 })
  client = await Client.connect({ hosts: emu.coordAddress })
  const cs = await client.createCollectionSpace('paging')
  const plain = await cs.createCollection('plain')
  const sharded = await cs.createCollection('sharded', { shardingKey: { _id: 1 }, shardingType: 'hash', autoSplit: true })
  for (let start = 0; start < DOCS; start += 2_000) {
    const batch = Array.from({ length: 2_000 }, (_, k) => ({ _id: start + k, v: (start + k) % 97 }))
    await plain.insert(batch)
    await sharded.insert(batch)
  }
}, 120_000)
afterAll(async () => {
  await client.close()
  await emu.close()
})

/** Records read from storage for a collection so far, summed over its groups. */
async function dataRead(name: string): Promise<number> {
  const [snap] = await client.snapshot('collections', { condition: { Name: name } }).toArray()
  const details = (snap?.Details ?? []) as { Group: { TotalDataRead: unknown }[] }[]
  return details.reduce((sum, d) => sum + d.Group.reduce((s, g) => s + Number(g.TotalDataRead), 0), 0)
}

async function page(name: string, condition: BsonDocument, orderBy: BsonDocument, limit: number, skip = 0): Promise<{ ids: number[]; read: number }> {
  const before = await dataRead(name)
  const rows = await client.collection(name).query({ condition, orderBy, limit, skip }).toArray()
  const read = (await dataRead(name)) - before
  return { ids: rows.map((r) => Number(r._id)), read }
}

const range = (from: number, n: number, step = 1): number[] => Array.from({ length: n }, (_, k) => from + k * step)

describe('keyset pages over TCP', () => {
  for (const name of ['paging.plain', 'paging.sharded']) {
    it(`${name}: the next page ascending reads about 50 records`, async () => {
      const { ids, read } = await page(name, { _id: { $gt: 12_345 } }, { _id: 1 }, 50)
      expect(ids).toEqual(range(12_346, 50))
      expect(read).toBeGreaterThanOrEqual(50)
      expect(read).toBeLessThanOrEqual(55)
    })

    it(`${name}: the previous page descending walks the index backward`, async () => {
      const { ids, read } = await page(name, { _id: { $lt: 7_000 } }, { _id: -1 }, 50)
      expect(ids).toEqual(range(6_999, 50, -1))
      expect(read).toBeLessThanOrEqual(55)
    })

    it(`${name}: the first page with no condition, and a skip, stay bounded`, async () => {
      const first = await page(name, {}, { _id: 1 }, 50)
      expect(first.ids).toEqual(range(0, 50))
      expect(first.read).toBeLessThanOrEqual(55)
      const last = await page(name, {}, { _id: -1 }, 10, 20)
      expect(last.ids).toEqual(range(DOCS - 21, 10, -1))
      expect(last.read).toBeLessThanOrEqual(35)
    })

    it(`${name}: a sort no index serves still returns the right top of the order`, async () => {
      const { ids } = await page(name, { _id: { $lt: 1_000 } }, { v: -1, _id: 1 }, 5, 2)
      // v = _id % 97 is 96 for _id 96, 193, 290, ...: the best after skipping two.
      expect(ids).toEqual([290, 387, 484, 581, 678])
    })
  }

  it('orders mixed-type _id values across groups as the in-memory sort does', async () => {
    const cl = await client.collectionSpace('paging').createCollection('mixed', { shardingKey: { _id: 1 }, shardingType: 'hash', autoSplit: true })
    await cl.insert([{ _id: 'b' }, { _id: 3 }, { _id: 2.5 }, { _id: 'a' }, { _id: true }, { _id: { x: 1 } }, { _id: -7 }, { _id: null }, { _id: [5] }])
    const forced = await cl.explain({ orderBy: { _id: 1 }, hint: { '': null } }).toArray()
    for (const p of forced) expect(p).toMatchObject({ ScanType: 'tbscan', UseExtSort: true })
    for (const dir of [1, -1]) {
      const sorted = await cl.query({ orderBy: { _id: dir }, hint: { '': null } }).toArray()
      const walked = await cl.query({ orderBy: { _id: dir } }).toArray()
      expect(walked).toEqual(sorted)
      expect(await cl.query({ orderBy: { _id: dir }, limit: 4, skip: 2 }).toArray()).toEqual(sorted.slice(2, 6))
    }
  })

  it('explain reports the ordered index walk the query takes', async () => {
    const plans = await client.collection('paging.sharded').explain({ condition: { _id: { $gt: 100 } }, orderBy: { _id: -1 }, limit: 50 }).toArray()
    expect(plans).toHaveLength(2)
    for (const p of plans) expect(p).toMatchObject({ ScanType: 'ixscan', IndexName: '$id', UseExtSort: false })
  })
})
