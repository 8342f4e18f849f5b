import { Long, ObjectId, type BsonDocument, type BsonValue } from '@canopy/sdb-client/bson'
import type { SdbReply } from '@canopy/sdb-client/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compareValues } from '../src/engine/index.js'
import { loadCorpus, type CorpusCase } from '../src/engine/testing/corpus.js'
import { canonicalJson } from '../src/engine/testing/ordered-json.js'
import { matchesRecorded, type Outcome } from '../src/engine/testing/run-case.js'
import { startEmulator, type EmulatorInternals } from '../src/server/emulator.js'
import { RawClient } from './raw-client.js'

/**
 * Every case of the real-server semantics corpus, run over TCP against the emulator (collection
 * `sem.c`, the dataset inserted in order), compared with what the real server answered.
 */

const WITH_RETURNDATA_CLOSE_EOF = 0x80200
/** Indexes for the second run, so the answers also come right through index scans. */
const INDEXES: [string, BsonDocument][] = [
  ['ia', { a: 1 }],
  ['ib', { b: -1 }],
  ['is', { s: 1, a: -1 }],
  ['ix', { 'arr.x': 1 }],
]
let emu: EmulatorInternals
let c: RawClient

async function drain(first: SdbReply): Promise<BsonDocument[] | number> {
  if (first.flags !== 0) return first.flags
  const docs = [...first.documents]
  let ctx = first.contextId
  while (ctx !== -1n) {
    const more = await c.request({ kind: 'getMore', contextId: ctx, numToReturn: -1 })
    if (more.flags === -29) break
    if (more.flags !== 0) return more.flags
    docs.push(...more.documents)
    ctx = more.contextId
  }
  return docs
}

const doc = (v: BsonValue | undefined): BsonDocument => (v === undefined || v === null ? {} : (v as BsonDocument))
const int = (v: BsonValue | undefined, dflt: number): number => (v === undefined ? dflt : Number(v))

async function reload(dataset: readonly BsonDocument[]): Promise<void> {
  await c.request({ kind: 'delete', flags: 0, name: 'sem.c', condition: {}, hint: {} })
  const r = await c.request({ kind: 'insert', flags: 0, name: 'sem.c', documents: [...dataset] })
  if (r.flags !== 0) throw new Error(`could not load the dataset: ${String(r.flags)}`)
}

async function readAll(): Promise<BsonDocument[]> {
  const r = await drain(await c.request({ kind: 'query', name: 'sem.c', flags: WITH_RETURNDATA_CLOSE_EOF, numToSkip: 0, numToReturn: -1, condition: {}, selector: {}, orderBy: { _id: 1 }, hint: {} }))
  if (typeof r === 'number') throw new Error(`read back failed: ${String(r)}`)
  return r
}

async function run(cs: CorpusCase, dataset: readonly BsonDocument[]): Promise<Outcome> {
  const input = cs.input
  switch (cs.kind) {
    case 'query': {
      const selector = input.get('selector')
      const r = await drain(
        await c.request({
          kind: 'query',
          name: 'sem.c',
          flags: WITH_RETURNDATA_CLOSE_EOF,
          numToSkip: int(input.get('skip'), 0),
          numToReturn: int(input.get('limit'), -1),
          condition: doc(input.get('condition')),
          selector: doc(selector),
          orderBy: doc(input.get('orderBy')),
          hint: {},
        }),
      )
      if (typeof r === 'number') return { error: r }
      return { result: r.map((d) => canonicalJson(selector === null || selector === undefined ? d._id : d)) }
    }
    case 'update': {
      await reload(dataset)
      const setOnInsert = input.get('setOnInsert')
      const reply = await c.request({
        kind: 'update',
        name: 'sem.c',
        flags: 0x4 | (input.get('upsert') === true ? 0x1 : 0),
        condition: doc(input.get('condition')),
        rule: doc(input.get('rule')),
        hint: setOnInsert === undefined || setOnInsert === null ? {} : { $SetOnInsert: setOnInsert },
      })
      if (reply.flags !== 0) return { error: reply.flags }
      const before = new Map(dataset.map((d) => [canonicalJson(d._id), canonicalJson(d)]))
      const after = await readAll()
      const changed = after.filter((d) => before.get(canonicalJson(d._id)) !== canonicalJson(d))
      changed.sort((a, b) => compareValues(a._id, b._id))
      const print = (d: BsonDocument): string =>
        d._id instanceof ObjectId && !before.has(canonicalJson(d._id))
          ? canonicalJson({ ...d, _id: '<generated>' }).replace('"_id":"<generated>"', '"_id":{"$oid":"<generated>"}')
          : canonicalJson(d)
      const info = reply.documents[0] ?? {}
      return {
        result: changed.map(print),
        info: canonicalJson({ UpdatedNum: info.UpdatedNum ?? Long.ZERO, ModifiedNum: info.ModifiedNum ?? Long.ZERO, InsertedNum: info.InsertedNum ?? Long.ZERO }),
      }
    }
    case 'aggregate': {
      const r = await drain(await c.request({ kind: 'aggregate', flags: 0, name: 'sem.c', pipeline: input.get('pipeline') as BsonDocument[] }))
      return typeof r === 'number' ? { error: r } : { result: r.map((d) => canonicalJson(d)) }
    }
    case 'sql': {
      const r = await drain(await c.request({ kind: 'sql', sql: input.get('sql') as string }))
      return typeof r === 'number' ? { error: r } : { result: r.map((d) => canonicalJson(d)) }
    }
  }
}

describe.each([
  ['without user indexes', [] as [string, BsonDocument][]],
  ['with indexes on a, b, s+a and arr.x', INDEXES],
])('the semantics corpus over TCP, %s', (_label, indexes) => {
  const corpus = loadCorpus()

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, groups: 1, replicas: 1 })
    c = await RawClient.connect(emu.coordAddress)
    await c.sysInfo()
    await c.command('create collectionspace', { Name: 'sem' }, { flags: 0 })
    await c.command('create collection', { Name: 'sem.c' }, { flags: 0 })
    for (const [name, key] of indexes) {
      const r = await c.command('create index', { Collection: 'sem.c', Index: { name, key } }, { flags: 0 })
      if (r.flags !== 0) throw new Error(`index ${name}: ${String(r.flags)}`)
    }
    await reload(corpus.dataset)
  })
  afterAll(async () => {
    c.close()
    await emu.close()
  })

  for (const kind of ['query', 'aggregate', 'sql', 'update'] as const) {
    it(`answers every ${kind} case as the real server did`, async () => {
      const failures: string[] = []
      const mine = corpus.cases.filter((x) => x.kind === kind)
      if (kind !== 'update') await reload(corpus.dataset)
      for (const cs of mine) {
        const got = await run(cs, corpus.dataset)
        if (!matchesRecorded(cs, got)) failures.push(`${cs.id}: got ${JSON.stringify(got).slice(0, 300)}`)
      }
      console.info(`${kind} over TCP ${_label}: ${String(mine.length - failures.length)}/${String(mine.length)} cases match the real server`)
      expect(mine.length).toBeGreaterThan(0)
      expect(failures).toEqual([])
    }, 120_000)
  }
})
