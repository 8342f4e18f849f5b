import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Int32, Long, ObjectId, type BsonDocument } from '@canopy/sdb-client/bson'
import { afterEach, describe, expect, it } from 'vitest'
import { SdbFault } from '../engine/fault.js'
import { SqliteDataNodeStore } from './data-node.js'
import { buildIndexDefinition, idIndexDefinition } from './index-definition.js'
import { engineIndexKeysOf } from './engine-keys.js'

const dirs: string[] = []
const stores: SqliteDataNodeStore[] = []

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-node-'))
  dirs.push(dir)
  return dir
}

function open(dataDir?: string, nodeName = 'node-1'): SqliteDataNodeStore {
  const store = new SqliteDataNodeStore({ dataDir, nodeName })
  stores.push(store)
  return store
}

afterEach(() => {
  for (const store of stores.splice(0)) store.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const CL = 'shop.orders'

/** Decoded int32 values come back as `Int32`; tests compare them as plain numbers. */
function plain(value: unknown): unknown {
  if (value instanceof Int32) return value.value
  if (Array.isArray(value)) return value.map(plain)
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
  }
  return value
}

function withCollection(store: SqliteDataNodeStore): SqliteDataNodeStore {
  store.createCollection(CL, [idIndexDefinition(1n)])
  return store
}

function ageIndex(unique: boolean) {
  return buildIndexDefinition({ name: 'age_idx', key: { age: 1 }, unique, enforced: false, notNull: false, notArray: false, uniqueId: 2n })
}

function faultOf(fn: () => unknown): SdbFault {
  try {
    fn()
  } catch (error) {
    if (error instanceof SdbFault) return error
    throw error
  }
  throw new Error('expected a fault')
}

describe('records', () => {
  it('gives a document without _id an ObjectId first and returns records in insertion order', () => {
    const store = withCollection(open())
    const result = store.insert(CL, [{ name: 'a' }, { _id: 7, name: 'b' }, { name: 'c' }])
    expect(result).toEqual({ insertedNum: 3, duplicatedNum: 0, modifiedNum: 0 })
    const docs = [...store.tableScan(CL)].map((r) => r.doc)
    expect(docs.map((d) => d['name'])).toEqual(['a', 'b', 'c'])
    expect(Object.keys(docs[0] ?? {})).toEqual(['_id', 'name'])
    expect(docs[0]?.['_id']).toBeInstanceOf(ObjectId)
    expect(store.count(CL)).toBe(3)
  })

  it('refuses a duplicate _id with -38 and the real extras, keeping the records before it', () => {
    const store = withCollection(open())
    store.insert(CL, [{ _id: 1 }])
    const fault = faultOf(() => store.insert(CL, [{ _id: 2 }, { _id: 1, x: 1 }, { _id: 3 }]))
    expect(fault.code).toBe(-38)
    expect(fault.extra['IndexName']).toBe('$id')
    expect(plain(fault.extra['Index'])).toEqual({ _id: 1 })
    expect(plain(fault.extra['IndexValue'])).toEqual({ _id: 1 })
    expect(fault.extra['InsertedNum']).toEqual(Long.fromNumber(1))
    expect(plain([...store.tableScan(CL)].map((r) => r.doc['_id']))).toEqual([1, 2])
  })

  it('continues or replaces on duplicates when asked', () => {
    const store = withCollection(open())
    store.insert(CL, [{ _id: 1, v: 'old' }])
    expect(store.insert(CL, [{ _id: 1, v: 'x' }, { _id: 2 }], { continueOnDup: true })).toEqual({
      insertedNum: 1,
      duplicatedNum: 1,
      modifiedNum: 0,
    })
    expect(store.insert(CL, [{ _id: 1, v: 'new' }], { replaceOnDup: true }).duplicatedNum).toBe(1)
    expect(plain([...store.tableScan(CL)].map((r) => r.doc))).toEqual([
      { _id: 1, v: 'new' },
      { _id: 2 },
    ])
  })

  it('keeps indexes in step with replace and remove', () => {
    const store = withCollection(open())
    store.createIndex(CL, ageIndex(false))
    store.insert(CL, [
      { _id: 1, age: 30 },
      { _id: 2, age: 20 },
      { _id: 3, age: 40 },
    ])
    const byAge = () => plain([...store.indexScan(CL, 'age_idx', {})].map((e) => store.fetch(CL, e.rid)?.['_id']))
    expect(byAge()).toEqual([2, 1, 3])
    const rid1 = [...store.tableScan(CL)][0]?.rid ?? 0
    store.replaceRecord(CL, rid1, { _id: 1, age: 50 })
    expect(byAge()).toEqual([2, 3, 1])
    store.removeRecord(CL, rid1)
    expect(byAge()).toEqual([2, 3])
    const [low, high] = [engineIndexKeysOf({ age: 20 }, { age: 1 })[0], engineIndexKeysOf({ age: 40 }, { age: 1 })[0]]
    const range = [...store.indexScan(CL, 'age_idx', { low, lowInclusive: false, high, highInclusive: true, reverse: true })]
    expect(plain(range.map((e) => store.fetch(CL, e.rid)?.['age']))).toEqual([40])
  })

  it('refuses a unique index over duplicates and enforces it afterwards', () => {
    const store = withCollection(open())
    store.insert(CL, [{ _id: 1, age: 30 }, { _id: 2, age: 30 }])
    expect(faultOf(() => store.createIndex(CL, ageIndex(true))).code).toBe(-38)
    store.removeRecord(CL, [...store.tableScan(CL)][1]?.rid ?? 0)
    store.createIndex(CL, ageIndex(true))
    const fault = faultOf(() => store.insert(CL, [{ _id: 3, age: 30 }]))
    expect(fault.extra['IndexName']).toBe('age_idx')
    // Not enforced: records lacking the key field do not collide.
    expect(store.insert(CL, [{ _id: 4 }, { _id: 5 }]).insertedNum).toBe(2)
  })

  it('pages through a scan while records are written', () => {
    const store = withCollection(open())
    store.insert(
      CL,
      Array.from({ length: 1200 }, (_, i) => ({ _id: i, n: new Int32(i) })),
    )
    let seen = 0
    for (const record of store.tableScan(CL)) {
      store.replaceRecord(CL, record.rid, { ...record.doc, seen: true })
      seen += 1
    }
    expect(seen).toBe(1200)
    expect([...store.tableScan(CL)].every((r) => r.doc['seen'] === true)).toBe(true)
  })

  it('answers -23 for a missing collection', () => {
    const store = open()
    expect(faultOf(() => store.insert('a.b', [{}])).code).toBe(-23)
  })
})

describe('statistics', () => {
  it('keeps index entry counts right through inserts, updates, removes, truncate and index changes, without rescanning', () => {
    const store = withCollection(open())
    store.createIndex(CL, ageIndex(false))
    store.insert(CL, [{ _id: 1, age: 30 }, { _id: 2, age: [1, 2, 3] }, { _id: 3 }])
    // The first statistics count the entries; every later change keeps them in step.
    const first = store.stats(CL)
    expect(first.totalIndexEntries).toBe(3 + 5)
    const rid = (id: number) => [...store.tableScan(CL)].find((r) => plain(r.doc['_id']) === id)?.rid ?? -1
    store.replaceRecord(CL, rid(2), { _id: 2, age: 7 })
    store.replaceRecord(CL, rid(1), { _id: 1, age: 30, note: 'unchanged key' })
    store.removeRecord(CL, rid(3))
    store.insert(CL, [{ _id: 4, age: [5, 5, 6] }])
    const kept = store.stats(CL)
    expect(kept.totalIndexEntries).toBe(3 + 4)
    expect(kept.totalIndexPages).toBeGreaterThanOrEqual(2)
    store.dropIndex(CL, 'age_idx')
    expect(store.stats(CL).totalIndexEntries).toBe(3)
    store.truncate(CL)
    expect(store.stats(CL)).toMatchObject({ totalRecords: 0, totalIndexEntries: 0 })
  })

  it('agrees with a fresh count after a restart', () => {
    const dir = tempDir()
    const store = withCollection(open(dir))
    store.createIndex(CL, ageIndex(false))
    store.insert(CL, [{ _id: 1, age: 1 }, { _id: 2, age: [2, 3] }])
    store.stats(CL)
    store.insert(CL, [{ _id: 3, age: 4 }])
    const before = store.stats(CL)
    store.close()
    stores.splice(stores.indexOf(store), 1)
    expect(open(dir).stats(CL)).toEqual(before)
  })
})

describe('durability', () => {
  it('brings back collections, indexes, records and LOBs after reopening', () => {
    const dir = tempDir()
    const first = withCollection(open(dir))
    first.createIndex(CL, ageIndex(false))
    first.insert(CL, [{ _id: 1, age: 3 }, { _id: 2, age: 1 }])
    const lob = first.createLob(CL, undefined, 1000, 4096)
    first.writeLob(CL, lob.oid, 0, Buffer.alloc(10000, 7))
    first.closeLob(CL, lob.oid, 2000)
    first.close()
    const second = open(dir)
    expect(second.indexes(CL).map((d) => d.name)).toEqual(['$id', 'age_idx'])
    expect(plain([...second.indexScan(CL, 'age_idx', {})].map((e) => second.fetch(CL, e.rid)?.['_id']))).toEqual([2, 1])
    expect(second.readLob(CL, lob.oid, 0, 20000)).toEqual(Buffer.alloc(10000, 7))
    expect(second.insert(CL, [{ _id: 3 }]).insertedNum).toBe(1)
  })
})

describe('transactions', () => {
  it('rollback undoes the transaction writes and keeps the others', () => {
    const store = withCollection(open())
    store.insert(CL, [{ _id: 1, v: 1 }, { _id: 2, v: 2 }])
    const [r1, r2] = [...store.tableScan(CL)].map((r) => r.rid)
    const txn = store.beginTransaction()
    store.insert(CL, [{ _id: 3 }], { txn })
    store.replaceRecord(CL, r1 ?? 0, { _id: 1, v: 10 }, txn)
    store.removeRecord(CL, r2 ?? 0, txn)
    store.insert(CL, [{ _id: 4 }])
    store.rollbackTransaction(txn)
    expect(plain([...store.tableScan(CL)].map((r) => r.doc))).toEqual([{ _id: 1, v: 1 }, { _id: 2, v: 2 }, { _id: 4 }])
    // The restored record is found through its index again.
    expect(faultOf(() => store.insert(CL, [{ _id: 2 }])).code).toBe(-38)
  })

  it('commit keeps the writes; a transaction left open by a crash is undone on reopen', () => {
    const dir = tempDir()
    const first = withCollection(open(dir))
    const committed = first.beginTransaction()
    first.insert(CL, [{ _id: 1 }], { txn: committed })
    first.commitTransaction(committed)
    const open1 = first.beginTransaction()
    first.insert(CL, [{ _id: 2 }], { txn: open1 })
    first.close()
    const second = open(dir)
    expect(plain([...second.tableScan(CL)].map((r) => r.doc['_id']))).toEqual([1])
  })

  it('refuses writes in an unknown transaction with -196', () => {
    const store = withCollection(open())
    expect(faultOf(() => store.insert(CL, [{ _id: 1 }], { txn: 99 })).code).toBe(-196)
  })
})

describe('replication', () => {
  function replicate(from: SqliteDataNodeStore, to: SqliteDataNodeStore): void {
    for (;;) {
      const entries = from.readOplog(to.currentLsn().offset, 100)
      if (entries === null) {
        to.restoreSnapshot(from.snapshot())
        return
      }
      if (entries.length === 0) return
      to.applyOplog(entries)
    }
  }

  const ids = (store: SqliteDataNodeStore) => [...store.tableScan(CL)].map((r) => r.doc['_id'])

  it('a secondary applying the oplog ends up with the same records, rids and indexes', () => {
    const primary = withCollection(open(undefined, 'p'))
    const secondary = open(undefined, 's')
    primary.createIndex(CL, ageIndex(false))
    primary.insert(CL, Array.from({ length: 250 }, (_, i) => ({ _id: i, age: i % 7 })))
    const rid = [...primary.tableScan(CL)][5]?.rid ?? 0
    primary.removeRecord(CL, rid)
    replicate(primary, secondary)
    expect(secondary.currentLsn()).toEqual(primary.currentLsn())
    expect([...secondary.tableScan(CL)]).toEqual([...primary.tableScan(CL)])
    expect([...secondary.indexScan(CL, 'age_idx', {})]).toEqual([...primary.indexScan(CL, 'age_idx', {})])
    // Catch-up after the secondary was away.
    primary.insert(CL, [{ _id: 'late' }])
    expect(secondary.currentLsn().offset).toBeLessThan(primary.currentLsn().offset)
    replicate(primary, secondary)
    expect(ids(secondary)).toEqual(ids(primary))
  })

  it('a secondary whose log diverged or was trimmed away gets a full sync', () => {
    const primary = new SqliteDataNodeStore({ nodeName: 'p' }, { oplogKeep: 10 })
    stores.push(primary)
    withCollection(primary)
    for (let i = 0; i < 5000; i += 1) primary.insert(CL, [{ _id: i }])
    const secondary = withCollection(open(undefined, 's'))
    secondary.insert(CL, [{ _id: 'stray' }])
    expect(primary.readOplog(secondary.currentLsn().offset, 10)).toBeNull()
    replicate(primary, secondary)
    expect(secondary.count(CL)).toBe(5000)
    expect(secondary.currentLsn()).toEqual(primary.currentLsn())
    primary.insert(CL, [{ _id: 'after' }])
    replicate(primary, secondary)
    expect(plain(secondary.fetch(CL, [...primary.tableScan(CL)].at(-1)?.rid ?? 0))).toEqual({ _id: 'after' })
  })
})

describe('LOBs', () => {
  it('writes across pieces, reads back, truncates, lists and removes', () => {
    const store = withCollection(open())
    const data = Buffer.from(Array.from({ length: 300000 }, (_, i) => i % 251))
    const created = store.createLob(CL, '0123456789abcdef01234567', 1, 65536)
    expect(faultOf(() => store.createLob(CL, created.oid, 1, 65536)).code).toBe(-5)
    store.writeLob(CL, created.oid, 0, data.subarray(0, 100000))
    store.writeLob(CL, created.oid, -1, data.subarray(100000, 220000))
    store.writeLob(CL, created.oid, 220000, data.subarray(220000))
    expect(faultOf(() => store.readLob(CL, created.oid, 0, 10)).code).toBe(-269)
    const meta = store.closeLob(CL, created.oid, 5)
    expect(meta).toMatchObject({ size: 300000, modificationTime: 5, available: true })
    expect(store.readLob(CL, created.oid, 250000, 50000)).toEqual(data.subarray(250000))
    expect(store.readLob(CL, created.oid, 65530, 65536)).toEqual(data.subarray(65530, 131066))
    expect(faultOf(() => store.readLob(CL, created.oid, 300000, 1)).code).toBe(-9)
    store.truncateLob(CL, created.oid, 70000)
    expect(store.readLob(CL, created.oid, 0, 1_000_000)).toEqual(data.subarray(0, 70000))
    expect(store.listLobs(CL).map((l) => l.oid)).toEqual([created.oid])
    expect(store.stats(CL).totalLobs).toBe(1)
    store.removeLob(CL, created.oid)
    expect(faultOf(() => store.readLob(CL, created.oid, 0, 1)).code).toBe(-4)
  })
})

describe('schema', () => {
  it('renames and drops collections and collection spaces', () => {
    const store = withCollection(open())
    store.createCollection('shop.items', [idIndexDefinition(3n)])
    store.insert(CL, [{ _id: 1 }])
    store.renameCollectionSpace('shop', 'store')
    expect(store.hasCollection('store.orders')).toBe(true)
    store.renameCollection('store.orders', 'store.sales')
    expect(store.count('store.sales')).toBe(1)
    store.truncate('store.sales')
    expect(store.count('store.sales')).toBe(0)
    store.dropCollectionSpace('store')
    expect(store.hasCollection('store.items')).toBe(false)
  })

  it('reports statistics', () => {
    const store = withCollection(open())
    const doc: BsonDocument = { _id: 1, text: 'x'.repeat(1000) }
    store.insert(CL, [doc])
    expect(store.stats(CL)).toMatchObject({ totalRecords: 1, totalIndexes: 1, totalIndexEntries: 1, totalDataPages: 1 })
  })
})

describe('engine record source', () => {
  it('answers queries through the engine planner, using the index for equality and ranges', async () => {
    const { executeQuery } = await import('../engine/index.js')
    const { recordSource } = await import('./record-source.js')
    const store = withCollection(open())
    store.createIndex(CL, ageIndex(false))
    store.insert(CL, Array.from({ length: 300 }, (_, i) => ({ _id: i, age: i % 50, name: `n${String(i)}` })))
    const indexes = store.indexes(CL)
    const point = executeQuery(recordSource(store, CL), indexes, { condition: { _id: 123 } })
    expect(point.plan).toMatchObject({ scanType: 'ixscan', indexName: '$id' })
    expect(plain(point.docs)).toEqual([{ _id: 123, age: 23, name: 'n123' }])
    expect(point.dataRead).toBe(1)
    const range = executeQuery(recordSource(store, CL), indexes, { condition: { age: { $gte: 10, $lt: 12 } }, orderBy: { _id: 1 } })
    expect(range.plan.indexName).toBe('age_idx')
    expect(range.dataRead).toBe(12)
    expect(plain(range.docs.map((d) => d['_id']))).toEqual([10, 11, 60, 61, 110, 111, 160, 161, 210, 211, 260, 261])
    // More equal keys than the first index page holds: the seek pages on by rid.
    store.insert(CL, Array.from({ length: 40 }, (_, i) => ({ _id: 1000 + i, age: 7 })))
    const many = executeQuery(recordSource(store, CL), indexes, { condition: { age: 7 } })
    expect(many.plan.indexName).toBe('age_idx')
    expect(many.docs).toHaveLength(46)
    expect(plain(many.docs.slice(0, 7).map((d) => d['_id']))).toEqual([7, 57, 107, 157, 207, 257, 1000])
    const scan = executeQuery(recordSource(store, CL), indexes, { condition: { name: 'n7' } })
    expect(scan.plan.scanType).toBe('tbscan')
    expect(scan.docs).toHaveLength(1)
  })
})

describe('index maintenance with reused document objects', () => {
  it('indexes the current content of an object handed over again after a change', () => {
    const store = withCollection(open())
    store.createIndex(CL, ageIndex(false))
    const doc: BsonDocument = { _id: 1, age: 10 }
    store.insert(CL, [doc])
    const rid = [...store.tableScan(CL)][0]?.rid ?? 0
    doc['age'] = 20
    store.replaceRecord(CL, rid, doc)
    doc['age'] = 30
    store.replaceRecord(CL, rid, doc)
    const ages = [...store.indexScan(CL, 'age_idx', {})].map((e) => e.key)
    expect(ages).toEqual(engineIndexKeysOf({ age: 30 }, { age: 1 }))
  })
})

describe('a failed batch', () => {
  it('rolls back records, counters and the oplog position together', () => {
    const store = withCollection(open(undefined, 'p'))
    store.insert(CL, [{ _id: 1 }])
    const lsn = store.currentLsn()
    expect(store.count(CL)).toBe(1)
    expect(() =>
      store.batch(() => {
        store.insert(CL, [{ _id: 2 }, { _id: 3 }])
        store.createCollection('shop.other', [idIndexDefinition(9n)])
        throw new Error('handler failed half-way')
      }),
    ).toThrow('handler failed half-way')
    expect(store.count(CL)).toBe(1)
    expect(store.hasCollection('shop.other')).toBe(false)
    expect(store.currentLsn()).toEqual(lsn)
    store.insert(CL, [{ _id: 4 }])
    const secondary = open(undefined, 's')
    const entries = store.readOplog(0, 100)
    expect(entries).not.toBeNull()
    secondary.applyOplog(entries ?? [])
    expect(plain([...secondary.tableScan(CL)].map((r) => r.doc['_id']))).toEqual([1, 4])
    expect(secondary.stats(CL)).toEqual(store.stats(CL))
  })
})

describe('full sync between durable nodes', () => {
  it('copies a file-backed primary into a file-backed secondary that keeps it after reopening', () => {
    const dir = tempDir()
    const primary = withCollection(open(dir, 'primary'))
    primary.createIndex(CL, ageIndex(false))
    primary.insert(CL, Array.from({ length: 50 }, (_, i) => ({ _id: i, age: i % 5 })))
    const lob = primary.createLob(CL, undefined, 1, 4096)
    primary.writeLob(CL, lob.oid, 0, Buffer.alloc(9000, 3))
    primary.closeLob(CL, lob.oid, 2)
    const openTxn = primary.beginTransaction()
    primary.insert(CL, [{ _id: 'in-flight', age: 1 }], { txn: openTxn })
    const secondary = open(dir, 'secondary')
    secondary.restoreSnapshot(primary.snapshot())
    primary.commitTransaction(openTxn)
    secondary.close()
    const reopened = open(dir, 'secondary')
    expect(reopened.currentLsn()).toEqual(primary.currentLsn())
    // The primary's transaction was still open: the copy keeps its write (the primary decides).
    expect(reopened.count(CL)).toBe(51)
    expect([...reopened.indexScan(CL, 'age_idx', {})]).toEqual([...primary.indexScan(CL, 'age_idx', {})])
    expect(reopened.readLob(CL, lob.oid, 0, 10000)).toEqual(Buffer.alloc(9000, 3))
    primary.insert(CL, [{ _id: 'next', age: 9 }])
    reopened.applyOplog(primary.readOplog(reopened.currentLsn().offset, 10) ?? [])
    expect(reopened.count(CL)).toBe(52)
  })
})
