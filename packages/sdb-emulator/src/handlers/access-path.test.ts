import { Client } from '@canopy/sdb-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorInternals } from '../server/emulator.js'

/**
 * Index scans restart after each short first page of the store (so a page of 50 reads about 64
 * index rows, not 528): the records still come exactly once each, in index order then record
 * order, forward and backward, through runs of one key longer than a page.
 */
const DOCS = 700
let emu: EmulatorInternals
let client: Client
/** Insertion order (= record order) of each _id. */
const inserted: number[] = []

beforeAll(async () => {
  emu = await startEmulator({ port: 0, groups: 1, replicas: 1 })
  client = await Client.connect({ hosts: emu.coordAddress })
  const cl = await (await client.createCollectionSpace('scan')).createCollection('runs')
  await cl.createIndex('k_idx', { k: 1 })
  // Keys in runs of 1 to 40 equal values, inserted in a scrambled order.
  const docs: { _id: number; k: number }[] = []
  let k = 0
  for (let id = 0, run = 1; id < DOCS; k += 1, run = (run % 40) + 1) {
    for (let j = 0; j < run && id < DOCS; j += 1, id += 1) docs.push({ _id: id, k })
  }
  for (let i = 0; i < DOCS; i += 1) {
    const d = docs[(i * 337) % DOCS]!
    inserted.push(d._id)
    await cl.insert(d)
  }
}, 120_000)
afterAll(async () => {
  await client.close()
  await emu.close()
})

async function ids(query: Parameters<ReturnType<Client['collection']>['query']>[0]): Promise<number[]> {
  const rows = await client.collection('scan.runs').query(query).toArray()
  return rows.map((r) => Number(r._id))
}

/** The forward walk of k_idx: by key, then by record (insertion) order. */
function byKey(keyOf: (id: number) => number, dir: 1 | -1): number[] {
  const order = new Map(inserted.map((id, i) => [id, i]))
  return [...inserted].sort((a, b) => dir * (keyOf(a) - keyOf(b) || order.get(a)! - order.get(b)!))
}

describe('index scans in short pages', () => {
  let keyOf: (id: number) => number
  beforeAll(async () => {
    const rows = await client.collection('scan.runs').query({}).toArray()
    const keys = new Map(rows.map((r) => [Number(r._id), Number(r.k)]))
    keyOf = (id) => keys.get(id)!
  })

  for (const dir of [1, -1] as const) {
    it(`walks a non-unique index ${dir === 1 ? 'forward' : 'backward'}: every record once, in order`, async () => {
      const full = await ids({ orderBy: { k: dir }, hint: { '': 'k_idx' } })
      expect([...full].sort((a, b) => a - b)).toEqual(Array.from({ length: DOCS }, (_, i) => i))
      for (let i = 1; i < full.length; i += 1) expect(dir * (keyOf(full[i]!) - keyOf(full[i - 1]!))).toBeGreaterThanOrEqual(0)
      // Forward, equal keys come in record (insertion) order.
      if (dir === 1) expect(full).toEqual(byKey(keyOf, 1))
      expect(await ids({ orderBy: { k: dir }, hint: { '': 'k_idx' }, limit: 51 })).toEqual(full.slice(0, 51))
      // A range starting inside a long run of one key.
      const from = keyOf(full[300]!)
      const cond = dir === 1 ? { k: { $gte: from } } : { k: { $lte: from } }
      const inRange = full.filter((id) => (dir === 1 ? keyOf(id) >= from : keyOf(id) <= from))
      expect(await ids({ condition: cond, orderBy: { k: dir }, hint: { '': 'k_idx' }, limit: 120 })).toEqual(inRange.slice(0, 120))
      // A page read in one statement of skip + limit rows, and one whose filter rejects most rows.
      expect(await ids({ orderBy: { k: dir }, hint: { '': 'k_idx' }, skip: 30, limit: 40 })).toEqual(full.slice(30, 70))
      expect(await ids({ condition: { _id: { $mod: [3, 0] } }, orderBy: { k: dir }, hint: { '': 'k_idx' }, limit: 51 })).toEqual(full.filter((id) => id % 3 === 0).slice(0, 51))
    })
  }

  it('finds every record of one key longer than a page (equality lookup)', async () => {
    const long = byKey(keyOf, 1).filter((id) => keyOf(id) === 30)
    expect(long).toHaveLength(31)
    expect(await ids({ condition: { k: 30 }, hint: { '': 'k_idx' } })).toEqual(long)
  })

  it('pages the $id index by keyset, forward and backward', async () => {
    const all = Array.from({ length: DOCS }, (_, i) => i)
    expect(await ids({ condition: { _id: { $gt: 100 } }, orderBy: { _id: 1 }, limit: 51 })).toEqual(all.slice(101, 152))
    expect(await ids({ condition: { _id: { $lt: 600 } }, orderBy: { _id: -1 }, limit: 51 })).toEqual(all.slice(549, 600).reverse())
    expect(await ids({ orderBy: { _id: 1 } })).toEqual(all)
  })
})
