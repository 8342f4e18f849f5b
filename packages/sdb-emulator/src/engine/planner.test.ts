import { describe, expect, it } from 'vitest'
import { Int32 } from '@canopy/sdb-client/bson'
import { indexKeys, inRange, parseIndexKey } from './index-key.js'
import type { KeyRange } from './index-key.js'
import { chooseAccessPlan, executeQuery } from './planner.js'
import type { IndexDefinition, RecordSource } from './planner.js'
import { runQuery } from './query.js'
import { loadCorpus } from './testing/corpus.js'
import { canonicalJson } from './testing/ordered-json.js'
import { SdbFault } from './fault.js'
import type { BsonDocument, BsonValue } from './values.js'

/** An in-memory store with sorted index entries, as storage keeps them. */
function memorySource(docs: readonly BsonDocument[], indexes: readonly IndexDefinition[]) {
  const entries = new Map<string, { key: Buffer; rid: number }[]>()
  for (const def of indexes) {
    const fields = parseIndexKey(def.key)
    const list: { key: Buffer; rid: number }[] = []
    docs.forEach((d, rid) => {
      for (const key of indexKeys(d, fields)) list.push({ key, rid })
    })
    list.sort((a, b) => Buffer.compare(a.key, b.key) || a.rid - b.rid)
    entries.set(def.name, list)
  }
  let indexReads = 0
  const source: RecordSource<number> = {
    *tableScan() {
      for (let i = 0; i < docs.length; i++) yield [i, docs[i]!] as const
    },
    *indexScan(name: string, ranges: readonly KeyRange[]) {
      for (const e of entries.get(name) ?? []) {
        if (ranges.some((r) => inRange(e.key, r))) {
          indexReads++
          yield e.rid
        }
      }
    },
    fetch(rid: number) {
      return docs[rid]
    },
  }
  return { source, reads: () => indexReads }
}

const n = (v: number): Int32 => new Int32(v)

const INDEXES: IndexDefinition[] = [
  { name: '$id', key: { _id: n(1) }, unique: true },
  { name: 'a_1', key: { a: n(1) } },
  { name: 's_-1', key: { s: n(-1) } },
  { name: 'arr.x', key: { 'arr.x': n(1) } },
  { name: 'n_a', key: { n: n(1), a: n(-1) } },
]

describe('the planner', () => {
  it('reads an index for equality and range conditions on an indexed field', () => {
    expect(chooseAccessPlan(INDEXES, { _id: n(3) }).indexName).toBe('$id')
    expect(chooseAccessPlan(INDEXES, { a: { $gt: n(1) } })).toMatchObject({ scanType: 'ixscan', indexName: 'a_1' })
    expect(chooseAccessPlan(INDEXES, { n: n(10), a: { $lt: n(3) } }).indexName).toBe('n_a')
    expect(chooseAccessPlan(INDEXES, { b: n(1) })).toMatchObject({ scanType: 'tbscan', indexName: '' })
    expect(chooseAccessPlan(INDEXES, { $or: [{ a: n(1) }, { s: 'x' }] }).scanType).toBe('tbscan')
  })

  it('follows hints by name, by {"": name}, and {"": null} for a table scan', () => {
    expect(chooseAccessPlan(INDEXES, { a: n(1) }, { '': 's_-1' }).indexName).toBe('s_-1')
    expect(chooseAccessPlan(INDEXES, { a: n(1) }, 'n_a').indexName).toBe('n_a')
    expect(chooseAccessPlan(INDEXES, { a: n(1) }, { '': null }).scanType).toBe('tbscan')
    expect(chooseAccessPlan(INDEXES, { a: n(1) }, { '': 'nope' }).indexName).toBe('a_1')
  })

  it('reports the plan in the explain document', () => {
    const docs: BsonDocument[] = [1, 2, 3].map((i) => ({ _id: n(i), a: n(i * 10) }))
    const { source } = memorySource(docs, INDEXES)
    const run = executeQuery(source, INDEXES, { condition: { a: { $gte: n(20) } } })
    expect(run.docs.map((d) => d._id)).toEqual([n(2), n(3)])
    const ex = run.explain('cs.cl')
    expect(Object.keys(ex).slice(0, 6)).toEqual(['Name', 'ScanType', 'IndexName', 'UseExtSort', 'Query', 'IXBound'])
    expect(ex).toMatchObject({ Name: 'cs.cl', ScanType: 'ixscan', IndexName: 'a_1', NeedMatch: true })
    expect(canonicalJson(ex.ReturnNum)).toBe('{"$numberLong":"2"}')
    expect(canonicalJson(ex.DataRead)).toBe('{"$numberLong":"2"}')
  })

  it('reads only the matching part of the index', () => {
    const docs: BsonDocument[] = Array.from({ length: 1000 }, (_, i) => ({ _id: n(i), a: n(i % 100) }))
    const { source, reads } = memorySource(docs, INDEXES)
    const run = executeQuery(source, INDEXES, { condition: { a: n(42) } })
    expect(run.docs).toHaveLength(10)
    expect(reads()).toBe(10)
  })

  it('surfaces a bad condition as SDB_INVALIDARG before reading', () => {
    const { source } = memorySource([], INDEXES)
    expect(() => executeQuery(source, INDEXES, { condition: { a: { $nope: 1 } } })).toThrow(SdbFault)
  })
})

describe('queries through indexes', () => {
  it('return what a table scan returns for every corpus query', () => {
    const { dataset, cases } = loadCorpus()
    const { source } = memorySource(dataset, INDEXES)
    const mismatches: string[] = []
    let indexed = 0
    for (const c of cases) {
      if (c.kind !== 'query' || c.error !== undefined) continue
      const spec = {
        condition: (c.input.get('condition') ?? null) as BsonDocument | null,
        selector: (c.input.get('selector') ?? null) as BsonDocument | null,
        orderBy: (c.input.get('orderBy') ?? null) as BsonDocument | null,
        skip: c.input.get('skip') as number,
        limit: c.input.get('limit') as number,
      }
      const plain = runQuery(dataset, spec).map((d) => canonicalJson(d as BsonValue))
      const run = executeQuery(source, INDEXES, spec)
      if (run.plan.scanType === 'ixscan') indexed++
      const viaIndex = run.docs.map((d) => canonicalJson(d as BsonValue))
      const same = c.raw.get('ordered') === false ? [...plain].sort().join() === [...viaIndex].sort().join() : plain.join() === viaIndex.join()
      if (!same) mismatches.push(c.id)
    }
    expect(indexed).toBeGreaterThan(80)
    expect(mismatches).toEqual([])
  })
})
