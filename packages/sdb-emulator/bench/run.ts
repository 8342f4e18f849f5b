/**
 * `npm run bench -w @canopy/sdb-emulator`:
 * 1. the data node store (durable, WAL mode, in a temporary directory): bulk insert and query
 *    throughput, and the indexed point lookup at 10,000 vs 1,000,000 documents (target: at most
 *    2x slower at the larger size); keyset pages of 50 (`_id` range + orderBy `_id` + limit) at
 *    page 1 and page 10,000 of the large collection (target: within 1.5x, p99 <= 100 ms); the
 *    full demo data set's load time;
 * 2. the whole emulator over TCP through the driver: bulk insert, cursor read and point lookups;
 * 3. the fuzz test with 100,000 frames (`test/fuzz.test.ts`, `FUZZ_FRAMES=100000`).
 *
 * Environment: `BENCH_LARGE` (default 1000000) the large collection size; `BENCH_LOOKUPS`
 * (default 20000) point lookups per size; `BENCH_TCP_DOCS` (default 50000) documents sent over
 * TCP; `BENCH_FUZZ=0` skips the fuzz run. Prints a table; exits 1 when the point lookup target is
 * missed, the keyset page target is missed or the fuzz run fails. CI does not run it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@canopy/sdb-client'
import { Double, Long, SdbDecimal, type BsonDocument } from '@canopy/sdb-client/bson'
import { executeQuery } from '../src/engine/index.js'
import { loadDemo } from '../src/demo/index.js'
import { storesCluster } from '../src/demo/stores-cluster.js'
import { SqliteDataNodeStore } from '../src/storage/data-node.js'
import { buildIndexDefinition, idIndexDefinition } from '../src/storage/index-definition.js'
import { startEmulator } from '../src/index.js'
import { recordSource } from '../src/storage/record-source.js'

const LARGE = Number(process.env['BENCH_LARGE'] ?? 1_000_000)
const LOOKUPS = Number(process.env['BENCH_LOOKUPS'] ?? 20_000)
const TCP_DOCS = Number(process.env['BENCH_TCP_DOCS'] ?? 50_000)
const FUZZ = process.env['BENCH_FUZZ'] !== '0'
const SMALL = 10_000
const BATCH = 1000
const CL = 'bench.docs'

const root = mkdtempSync(join(tmpdir(), 'canopy-bench-'))
// An interrupted run still removes its (large) data directory.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    rmSync(root, { recursive: true, force: true })
    process.exit(130)
  })
}
const rows: [string, string][] = []

function report(name: string, value: string): void {
  rows.push([name, value])
  console.log(`${name.padEnd(58)} ${value}`)
}

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')} /s`
}

/** A document shaped like the demo's orders: nested fields, an array, a date, Int64, a decimal. */
function makeDoc(i: number): BsonDocument {
  return {
    _id: i,
    orderNo: `SO-${String(i).padStart(9, '0')}`,
    customerId: i % 5000,
    status: ['pending', 'paid', 'shipped', 'delivered'][i % 4] ?? 'paid',
    createdAt: new Date(1_767_225_600_000 - (i % 720) * 86_400_000),
    seq: new Long(i),
    total: SdbDecimal.fromString(`${String(i % 10_000)}.${String(i % 100).padStart(2, '0')}`),
    score: new Double((i % 1000) / 7),
    items: [
      { sku: `SKU-${String(i % 400)}`, qty: (i % 3) + 1 },
      { sku: `SKU-${String((i * 7) % 400)}`, qty: 1 },
    ],
    shipTo: { city: ['Shenzhen', 'Berlin', 'Lagos', 'Toronto'][i % 4] ?? 'Shenzhen', zip: String(10000 + (i % 90000)) },
  }
}

function openStore(name: string): SqliteDataNodeStore {
  const store = new SqliteDataNodeStore({ dataDir: root, nodeName: name })
  store.createCollection(CL, [idIndexDefinition(1n)])
  store.createIndex(
    CL,
    buildIndexDefinition({ name: 'customer', key: { customerId: 1 }, unique: false, enforced: false, notNull: false, notArray: false, uniqueId: 2n }),
  )
  return store
}

function fill(store: SqliteDataNodeStore, count: number): number {
  const start = performance.now()
  for (let base = 0; base < count; base += BATCH) {
    const docs: BsonDocument[] = []
    for (let i = base; i < Math.min(count, base + BATCH); i += 1) docs.push(makeDoc(i))
    store.insert(CL, docs)
  }
  return performance.now() - start
}

/** Deterministic pseudo-random ids, the same sequence for both sizes. */
function* ids(count: number, size: number): Generator<number> {
  let state = 12345
  for (let i = 0; i < count; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    yield state % size
  }
}

function pointLookups(store: SqliteDataNodeStore, size: number): number {
  const source = recordSource(store, CL)
  const indexes = store.indexes(CL)
  // Warm-up: the first lookups pay for statement preparation and cold pages.
  for (const id of ids(1000, size)) executeQuery(source, indexes, { condition: { _id: id } })
  const start = performance.now()
  let found = 0
  for (const id of ids(LOOKUPS, size)) {
    const result = executeQuery(source, indexes, { condition: { _id: id } })
    if (result.plan.scanType !== 'ixscan') throw new Error('point lookup did not use the $id index')
    found += result.docs.length
  }
  const ms = performance.now() - start
  if (found !== LOOKUPS) throw new Error(`point lookups found ${String(found)} of ${String(LOOKUPS)}`)
  return ms
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

/**
 * Keyset paging as the console does it: `{_id: {$gt: last}}` + orderBy `_id` + limit 50, at
 * page 1 and page 10,000 (or the last full page of a smaller collection).
 */
function keysetPages(store: SqliteDataNodeStore, size: number): { ratio: number; p99: number } {
  const source = recordSource(store, CL)
  const indexes = store.indexes(CL)
  const rounds = 300
  const page = (after: number | undefined): number => {
    const start = performance.now()
    const result = executeQuery(source, indexes, {
      condition: after === undefined ? null : { _id: { $gt: after } },
      orderBy: { _id: 1 },
      limit: 50,
    })
    const ms = performance.now() - start
    if (result.docs.length !== 50 || result.plan.indexOrder !== 1) throw new Error('keyset page did not walk the $id index in order')
    return ms
  }
  const lastPage = Math.min(10_000, Math.floor(size / 50))
  const after = (lastPage - 1) * 50 - 1
  for (let i = 0; i < 50; i += 1) {
    page(undefined)
    page(after)
  }
  const first: number[] = []
  const later: number[] = []
  // Alternate which page goes first, so neither pays the other's cache misses or GC.
  for (let i = 0; i < rounds; i += 1) {
    if (i % 2 === 0) {
      first.push(page(undefined))
      later.push(page(after))
    } else {
      later.push(page(after))
      first.push(page(undefined))
    }
  }
  first.sort((a, b) => a - b)
  later.sort((a, b) => a - b)
  const median = (xs: number[]): number => percentile(xs, 50)
  const p99 = Math.max(percentile(first, 99), percentile(later, 99))
  report(`keyset page of 50, page 1, ${size.toLocaleString('en-US')} docs (median / p99)`, `${median(first).toFixed(2)} / ${percentile(first, 99).toFixed(2)} ms`)
  report(`keyset page of 50, page ${lastPage.toLocaleString('en-US')} (median / p99)`, `${median(later).toFixed(2)} / ${percentile(later, 99).toFixed(2)} ms`)
  const ratio = Math.max(median(first), median(later)) / Math.min(median(first), median(later))
  report('keyset page 1 vs last page (target <= 1.5x, p99 <= 100 ms)', `${ratio.toFixed(2)}x, p99 ${p99.toFixed(2)} ms ${ratio <= 1.5 && p99 <= 100 ? 'OK' : 'MISSED'}`)
  return { ratio, p99 }
}

function demoLoad(): number {
  const { target, close } = storesCluster(
    [
      ['group1', 11820],
      ['group2', 11830],
      ['group3', 11840],
    ],
    { dataDir: root, prefix: 'demo-' },
  )
  const start = performance.now()
  const summary = loadDemo(target)
  const ms = performance.now() - start
  report('demo data set (full): documents', summary.totalDocuments.toLocaleString('en-US'))
  close()
  return ms
}

/** The whole emulator (one data group of one node, durable) driven over TCP by the driver. */
async function overTcp(): Promise<void> {
  const emulator = await startEmulator({ port: 0, dataDir: join(root, 'tcp'), groups: 1, replicas: 1 })
  const client = await Client.connect({ hosts: [emulator.coordAddress] })
  try {
    const cs = await client.createCollectionSpace('bench')
    const cl = await cs.createCollection('docs')
    let start = performance.now()
    for (let base = 0; base < TCP_DOCS; base += BATCH) {
      const docs: BsonDocument[] = []
      for (let i = base; i < Math.min(TCP_DOCS, base + BATCH); i += 1) docs.push(makeDoc(i))
      await cl.insert(docs)
    }
    report(`TCP: bulk insert, ${TCP_DOCS.toLocaleString('en-US')} docs, batches of ${String(BATCH)}`, rate(TCP_DOCS, performance.now() - start))
    start = performance.now()
    let read = 0
    for await (const doc of cl.query()) if (doc['_id'] !== undefined) read += 1
    report(`TCP: query, cursor over ${read.toLocaleString('en-US')} docs`, rate(read, performance.now() - start))
    start = performance.now()
    let found = 0
    const lookups = Math.min(LOOKUPS, 5000)
    for (const id of ids(lookups, TCP_DOCS)) if ((await cl.queryOne({ condition: { _id: id } })) !== undefined) found += 1
    report(`TCP: indexed point lookup (${String(found)} found)`, rate(lookups, performance.now() - start))
  } finally {
    await client.close()
    await emulator.close()
  }
}

/** The runtime's fuzz test at full strength. */
function fuzz(): boolean {
  const start = performance.now()
  const run = spawnSync('npx', ['vitest', 'run', 'test/fuzz.test.ts', '--testTimeout', '3600000'], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, FUZZ_FRAMES: '100000' },
    encoding: 'utf8',
  })
  const ok = run.status === 0
  report('fuzz: 100,000 random and mutated frames, server still answers', `${ok ? 'OK' : 'FAILED'} (${((performance.now() - start) / 1000).toFixed(0)} s)`)
  if (!ok) console.log(run.stdout.slice(-4000), run.stderr.slice(-4000))
  return ok
}

try {
  console.log(`Canopy emulator storage bench (node ${process.version}, data in ${root})\n`)

  const small = openStore('small')
  const smallInsertMs = fill(small, SMALL)
  report(`bulk insert, ${SMALL.toLocaleString('en-US')} docs, batches of ${String(BATCH)}`, rate(SMALL, smallInsertMs))

  const large = openStore('large')
  const largeInsertMs = fill(large, LARGE)
  report(`bulk insert, ${LARGE.toLocaleString('en-US')} docs, batches of ${String(BATCH)}`, rate(LARGE, largeInsertMs))

  {
    const source = recordSource(small, CL)
    const indexes = small.indexes(CL)
    const start = performance.now()
    const rounds = 5
    let matched = 0
    for (let r = 0; r < rounds; r += 1) {
      matched += executeQuery(source, indexes, { condition: { 'shipTo.city': 'Berlin', score: { $gt: 50 } } }).docs.length
    }
    const ms = performance.now() - start
    report(`query, table scan with matcher (${SMALL.toLocaleString('en-US')} docs x ${String(rounds)})`, `${rate(SMALL * rounds, ms)} docs scanned (${String(matched / rounds)} hits)`)
  }
  {
    const source = recordSource(large, CL)
    const indexes = large.indexes(CL)
    const start = performance.now()
    let returned = 0
    for (let c = 0; c < 200; c += 1) {
      const result = executeQuery(source, indexes, { condition: { customerId: c } })
      if (result.plan.indexName !== 'customer') throw new Error('customer lookup did not use its index')
      returned += result.docs.length
    }
    const ms = performance.now() - start
    report(`query, index equality on customerId (200 queries, ${LARGE.toLocaleString('en-US')} docs)`, `${rate(returned, ms)} docs returned`)
  }

  const smallMs = pointLookups(small, SMALL)
  const largeMs = pointLookups(large, LARGE)
  report(`indexed point lookup at ${SMALL.toLocaleString('en-US')} docs`, `${rate(LOOKUPS, smallMs)} (${((smallMs * 1000) / LOOKUPS).toFixed(1)} us each)`)
  report(`indexed point lookup at ${LARGE.toLocaleString('en-US')} docs`, `${rate(LOOKUPS, largeMs)} (${((largeMs * 1000) / LOOKUPS).toFixed(1)} us each)`)
  const ratio = largeMs / smallMs
  report('point lookup slowdown (target <= 2.0x)', `${ratio.toFixed(2)}x ${ratio <= 2 ? 'OK' : 'MISSED'}`)
  const pages = keysetPages(large, LARGE)
  small.close()
  large.close()

  const demoMs = demoLoad()
  report('demo data set (full): load time, 3 groups', `${(demoMs / 1000).toFixed(1)} s`)

  await overTcp()
  const fuzzOk = FUZZ ? fuzz() : true

  if (ratio > 2 || pages.ratio > 1.5 || pages.p99 > 100 || !fuzzOk) process.exitCode = 1
} finally {
  rmSync(root, { recursive: true, force: true })
}
