import { Int32, type BsonDocument } from '@canopy/sdb-client/bson'
import { afterEach, describe, expect, it } from 'vitest'
import { executeQuery, runQuery } from '../engine/index.js'
import type { PlannedQuerySpec } from '../engine/planner.js'
import { SqliteDataNodeStore } from './data-node.js'
import { buildIndexDefinition, idIndexDefinition } from './index-definition.js'
import { recordSource } from './record-source.js'

const CL = 'shop.orders'
const SIZE = 3000
const stores: SqliteDataNodeStore[] = []

afterEach(() => {
  for (const store of stores.splice(0)) store.close()
})

/** Records inserted in shuffled `_id` order, so natural order and `_id` order differ. */
function filled(): SqliteDataNodeStore {
  const store = new SqliteDataNodeStore({ nodeName: 'exec-1' })
  stores.push(store)
  store.createCollection(CL, [idIndexDefinition(1n)])
  store.createIndex(CL, buildIndexDefinition({ name: 'grp', key: { grp: new Int32(1) }, unique: false, enforced: false, notNull: false, notArray: false, uniqueId: 2n }))
  const docs: BsonDocument[] = []
  for (let i = 0; i < SIZE; i += 1) {
    const id = (i * 7919) % SIZE
    docs.push({ _id: id, grp: id % 7, score: (id * 31) % 97, tags: id % 5 === 0 ? [id % 3, 9] : id % 3 })
  }
  store.insert(CL, docs)
  return store
}

function run(store: SqliteDataNodeStore, spec: PlannedQuerySpec) {
  return executeQuery(recordSource(store, CL), store.indexes(CL), spec)
}

function ids(docs: readonly BsonDocument[]): unknown[] {
  return docs.map((d) => {
    const id = d['_id']
    return id instanceof Int32 ? id.value : id
  })
}

describe('query execution over a data node', () => {
  it('pages by _id through the $id index and reads only the page', () => {
    const store = filled()
    const first = run(store, { orderBy: { _id: 1 }, limit: 50 })
    expect(ids(first.docs)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(first.plan).toMatchObject({ scanType: 'ixscan', indexName: '$id', indexOrder: 1 })
    expect(first.dataRead).toBe(50)
    expect(first.explain(CL)['UseExtSort']).toBe(false)

    const later = run(store, { condition: { _id: { $gt: 2500 } }, orderBy: { _id: 1 }, limit: 50 })
    expect(ids(later.docs)).toEqual(Array.from({ length: 50 }, (_, i) => 2501 + i))
    expect(later.dataRead).toBe(50)
  })

  it('walks the index backwards for a descending _id order, skip included', () => {
    const store = filled()
    const page = run(store, { condition: { _id: { $lt: 1000 } }, orderBy: { _id: -1 }, skip: 5, limit: 10 })
    expect(ids(page.docs)).toEqual(Array.from({ length: 10 }, (_, i) => 994 - i))
    expect(page.plan.indexOrder).toBe(-1)
    expect(page.dataRead).toBe(15)
  })

  it('stops reading after the limit when no order is asked', () => {
    const store = filled()
    const page = run(store, { condition: { score: { $gte: 0 } }, limit: 20 })
    expect(page.docs).toHaveLength(20)
    expect(page.dataRead).toBe(20)
  })

  it('answers exactly as sorting every match in access order does', () => {
    const store = filled()
    const specs: PlannedQuerySpec[] = [
      { orderBy: { score: 1 }, skip: 10, limit: 25 },
      { orderBy: { score: -1, _id: 1 }, limit: 40 },
      { condition: { grp: 3 }, orderBy: { _id: -1 }, limit: 30 },
      { condition: { grp: { $in: [1, 4] } }, orderBy: { tags: 1 }, skip: 3, limit: 17 },
      { condition: { _id: { $in: [5, 900, 17, 2999] } }, orderBy: { _id: -1 } },
      { condition: { _id: { $gte: 100, $lt: 300 } }, orderBy: { _id: 1, score: -1 }, skip: 190, limit: 50 },
      { orderBy: { _id: 1 }, hint: { '': null }, limit: 12 },
      { orderBy: { _id: -1 }, hint: 'grp', limit: 12 },
      { orderBy: { tags: -1 }, limit: 0 },
      { condition: { score: { $lt: 10 } }, orderBy: { score: 1 }, selector: { score: '' } },
    ]
    for (const spec of specs) {
      // Ties keep the order the access path delivers records in, as a full stable sort would.
      const matches = run(store, { condition: spec.condition ?? null, hint: spec.hint }).docs
      const expected = runQuery(matches, { orderBy: spec.orderBy ?? null, skip: spec.skip ?? 0, limit: spec.limit ?? -1, selector: spec.selector ?? null })
      expect(run(store, spec).docs, JSON.stringify(spec)).toEqual(expected)
    }
  })
})
