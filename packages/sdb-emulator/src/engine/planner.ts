/**
 * Access paths: a table scan, or an index scan over the key ranges that the condition's
 * equality / range predicates on an index prefix allow (`$id` on `_id` included), chosen
 * automatically or by hint. The chosen plan executes over an abstract record source, so
 * storage only provides a table scan, an index scan over byte ranges and a fetch by record id;
 * explain reports the plan in the real server's field names.
 */
import { encodeValue, invert, parseIndexKey, prefixEnd, typeByte } from './index-key.js'
import type { IndexKeyField, KeyRange } from './index-key.js'
import { impliedBounds } from './matcher.js'
import type { FieldBounds } from './matcher.js'
import { compileQuery } from './query.js'
import { parseSort } from './sort.js'
import type { QuerySpec } from './query.js'
import { sortKey } from './sort.js'
import type { SortField } from './sort.js'
import { compareValues } from './compare.js'
import { MaxKey, MinKey } from '@canopy/sdb-client/bson'
import { T, canonical, double, entriesOf, int64, isDoc, makeDoc, typeCode } from './values.js'
import type { BsonDocument, BsonValue } from './values.js'

/** An index as the catalog describes it. */
export interface IndexDefinition {
  readonly name: string
  /** Key definition, e.g. `{a: 1, b: -1}`; `$id` is `{_id: 1}`. */
  readonly key: BsonDocument
  readonly unique?: boolean
  /** NotArray (the `$id` index has it): only such an index can cover a query. */
  readonly notArray?: boolean
}

/** The chosen access path. */
export interface AccessPlan {
  readonly scanType: 'tbscan' | 'ixscan'
  /** The index used; '' for a table scan. */
  readonly indexName: string
  /** Byte ranges of the index to read, in key order (ixscan only). */
  readonly ranges: readonly KeyRange[]
  /** The bounds per key field for explain (`IXBound`), null for a table scan. */
  readonly ixBound: BsonDocument | null
  /**
   * Set when walking the ranges in this direction (1 forward, -1 backward) yields the records
   * in the orderBy's order, so no sort is needed and reading can stop after skip + limit.
   */
  readonly indexOrder?: 1 | -1
  /** The condition fields whose bounds the index walk applies (ixscan only). */
  readonly matchedFields?: readonly string[]
}

/**
 * What storage provides. Record ids must be primitives (number, bigint or string) so the
 * executor can drop the duplicates a multikey index yields.
 */
export interface RecordSource<Rid extends number | bigint | string> {
  /** Every record in natural (insertion) order. */
  tableScan(): Iterable<readonly [Rid, BsonDocument]>
  /** Record ids whose key for the index lies in one of the ranges, in key order. */
  indexScan(indexName: string, ranges: readonly KeyRange[]): Iterable<Rid>
  /** The record, or undefined when it vanished. */
  fetch(rid: Rid): BsonDocument | undefined
  /**
   * Record ids in descending key order over the same ranges (optional: without it a
   * descending orderBy is sorted in memory).
   */
  indexScanReverse?(indexName: string, ranges: readonly KeyRange[]): Iterable<Rid>
}

const MAX_PREFIXES = 256

interface Candidate {
  readonly plan: AccessPlan
  readonly score: number
  readonly unique: boolean
}

function encodeDir(v: BsonValue, f: IndexKeyField): Buffer {
  const e = encodeValue(v)
  return f.dir === -1 ? invert(e) : e
}

function isMinMax(v: BsonValue): boolean {
  const t = typeCode(v)
  return t === T.MinKey || t === T.MaxKey
}

function componentRange(prefix: Buffer, f: IndexKeyField, b: FieldBounds): KeyRange | undefined {
  const lo = b.lower
  const hi = b.upper
  const sample = lo?.value ?? hi?.value
  if (sample === undefined) return undefined
  if ((lo && isMinMax(lo.value)) || (hi && isMinMax(hi.value))) return undefined
  if (lo && hi && canonical(typeCode(lo.value)) !== canonical(typeCode(hi.value))) return undefined
  const tb = typeByte(sample)
  const cat = (...parts: Uint8Array[]): Buffer => Buffer.concat([prefix, ...parts])
  if (f.dir === 1) {
    const start = lo
      ? lo.inclusive
        ? cat(encodeValue(lo.value))
        : (prefixEnd(cat(encodeValue(lo.value))) ?? cat(encodeValue(lo.value)))
      : cat(Buffer.from([tb]))
    const end = hi ? (hi.inclusive ? prefixEnd(cat(encodeValue(hi.value))) : cat(encodeValue(hi.value))) : cat(Buffer.from([tb + 1]))
    return { start, end }
  }
  const start = hi
    ? hi.inclusive
      ? cat(invert(encodeValue(hi.value)))
      : (prefixEnd(cat(invert(encodeValue(hi.value)))) ?? cat(invert(encodeValue(hi.value))))
    : cat(Buffer.from([0xff - tb]))
  const end = lo
    ? lo.inclusive
      ? prefixEnd(cat(invert(encodeValue(lo.value))))
      : cat(invert(encodeValue(lo.value)))
    : cat(Buffer.from([0x100 - tb]))
  return { start, end }
}

function boundPairs(b: FieldBounds | undefined): BsonValue[] {
  if (!b) return [[new MinKey(), new MaxKey()]]
  if (b.eq) return b.eq.map((v) => [v, v])
  return [[b.lower?.value ?? new MinKey(), b.upper?.value ?? new MaxKey()]]
}

function planForIndex(def: IndexDefinition, bounds: Map<string, FieldBounds>, forced: boolean): Candidate | undefined {
  let fields: IndexKeyField[]
  try {
    fields = parseIndexKey(def.key)
  } catch {
    return undefined
  }
  let prefixes: Buffer[] = [Buffer.alloc(0)]
  let score = 0
  let ranges: KeyRange[] | undefined
  const used = new Map<string, FieldBounds>()
  for (const f of fields) {
    const b = bounds.get(f.path)
    if (!b) break
    if (b.eq) {
      const next: Buffer[] = []
      for (const p of prefixes) for (const v of b.eq) if (next.length < MAX_PREFIXES) next.push(Buffer.concat([p, encodeDir(v, f)]))
      if (next.length >= MAX_PREFIXES) break
      prefixes = next
      used.set(f.path, b)
      score += 2
      continue
    }
    const rs = prefixes.map((p) => componentRange(p, f, b))
    if (rs.every((r): r is KeyRange => r !== undefined)) {
      ranges = rs
      used.set(f.path, b)
      score += 1
    }
    break
  }
  if (score === 0 && !forced) return undefined
  if (!ranges) {
    ranges = score === 0 ? [{ start: Buffer.alloc(0), end: undefined }] : prefixes.map((p) => ({ start: p, end: prefixEnd(p) }))
  }
  const seen = new Set<string>()
  const sorted = ranges
    .filter((r) => {
      const k = `${r.start.toString('hex')}:${r.end?.toString('hex') ?? ''}`
      if (seen.has(k)) return false
      seen.add(k)
      return true
    })
    .sort((a, b) => Buffer.compare(a.start, b.start))
  const ixBound = makeDoc(fields.map((f) => [f.path, boundPairs(used.get(f.path))]))
  return {
    plan: { scanType: 'ixscan', indexName: def.name, ranges: sorted, ixBound, matchedFields: [...used.keys()] },
    score,
    unique: def.unique === true,
  }
}

const TABLE_SCAN: AccessPlan = { scanType: 'tbscan', indexName: '', ranges: [], ixBound: null }

/** The index names a hint asks for; null forces a table scan; undefined lets the planner choose. */
function hintedNames(hint: BsonValue): string[] | null | undefined {
  if (hint === undefined) return undefined
  if (hint === null) return null
  if (typeof hint === 'string') return [hint]
  if (!isDoc(hint)) return undefined
  const e = entriesOf(hint)
  if (e.length === 0) return undefined
  const names: string[] = []
  for (const [, v] of e) {
    if (v === null) return null
    if (typeof v === 'string') names.push(v)
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') names.push(x)
  }
  return names.length === 0 ? undefined : names
}

/**
 * The direction in which an index yields the orderBy's order, when it does. Only an orderBy led
 * by `_id` qualifies: `_id` is unique per node and present in every record, so index order and
 * the in-memory sort (missing fields, arrays, ties) cannot differ.
 */
function orderDirection(def: IndexDefinition, sort: readonly SortField[]): 1 | -1 | undefined {
  const first = sort[0]
  if (first?.path !== '_id') return undefined
  let fields: IndexKeyField[]
  try {
    fields = parseIndexKey(def.key)
  } catch {
    return undefined
  }
  const lead = fields[0]
  if (lead?.path !== '_id') return undefined
  return lead.dir === first.dir ? 1 : -1
}

function withOrder(plan: AccessPlan, indexes: readonly IndexDefinition[], sort: readonly SortField[]): AccessPlan {
  if (plan.scanType !== 'ixscan' || sort.length === 0) return plan
  const def = indexes.find((i) => i.name === plan.indexName)
  const dir = def && orderDirection(def, sort)
  return dir === undefined ? plan : { ...plan, indexOrder: dir }
}

/**
 * Chooses the access path for a condition. A hint names an index (`"idx"`, `{"": "idx"}`,
 * `{"": ["a", "b"]}`) or forces a table scan (`{"": null}`); an unknown name is ignored.
 * With an orderBy led by `_id` and no index serving the condition, the index led by `_id`
 * (`$id`) is walked in the orderBy's direction instead of scanning and sorting; the plan's
 * `indexOrder` then says no sort is needed.
 */
export function chooseAccessPlan(
  indexes: readonly IndexDefinition[],
  condition: BsonDocument | null | undefined,
  hint?: BsonValue,
  orderBy?: BsonDocument | null,
): AccessPlan {
  const bounds = impliedBounds(condition)
  const sort = orderBy === undefined || orderBy === null ? [] : parseSort(orderBy)
  const wanted = hintedNames(hint)
  if (wanted === null) return TABLE_SCAN
  if (wanted) {
    for (const name of wanted) {
      const def = indexes.find((i) => i.name === name)
      const c = def && planForIndex(def, bounds, true)
      if (c) return withOrder(c.plan, indexes, sort)
    }
  }
  let best: Candidate | undefined
  for (const def of indexes) {
    const c = planForIndex(def, bounds, false)
    if (!c) continue
    if (!best || c.score > best.score || (c.score === best.score && c.unique && !best.unique)) best = c
  }
  if (best) return withOrder(best.plan, indexes, sort)
  if (sort.length > 0) {
    for (const def of indexes) {
      if (orderDirection(def, sort) === undefined) continue
      const c = planForIndex(def, bounds, true)
      if (c) return withOrder(c.plan, indexes, sort)
    }
  }
  return TABLE_SCAN
}

/** A query request with its hint. */
export interface PlannedQuerySpec extends QuerySpec {
  readonly hint?: BsonValue
}

/** The result of running a query with its plan and counters. */
export interface QueryExecution {
  readonly docs: BsonDocument[]
  readonly plan: AccessPlan
  /** Index entries read. */
  readonly indexRead: number
  /** Records read. */
  readonly dataRead: number
  readonly elapsedMs: number
  /**
   * The explain document of this run in the real server's field order (`NodeName`,
   * `GroupName` and `Role` come first when given).
   */
  explain(collection: string, node?: { nodeName: string; groupName: string; role: string }): BsonDocument
}

/** Records in the plan's order (each once), counting index entries and records read. */
function* scan<Rid extends number | bigint | string>(
  source: RecordSource<Rid>,
  plan: AccessPlan,
  reverse: boolean,
  counters: { indexRead: number; dataRead: number },
): Generator<BsonDocument> {
  if (plan.scanType === 'ixscan') {
    const seen = new Set<Rid>()
    const rids =
      reverse && source.indexScanReverse
        ? source.indexScanReverse(plan.indexName, plan.ranges)
        : source.indexScan(plan.indexName, plan.ranges)
    for (const rid of rids) {
      counters.indexRead++
      if (seen.has(rid)) continue
      seen.add(rid)
      const doc = source.fetch(rid)
      if (!doc) continue
      counters.dataRead++
      yield doc
    }
    return
  }
  for (const [, doc] of source.tableScan()) {
    counters.dataRead++
    yield doc
  }
}

interface Ranked {
  readonly doc: BsonDocument
  readonly keys: readonly BsonValue[]
  readonly seq: number
}

function rankedCompare(fields: readonly SortField[]): (a: Ranked, b: Ranked) => number {
  return (a, b) => {
    for (let j = 0; j < fields.length; j++) {
      const c = compareValues(a.keys[j], b.keys[j])
      if (c !== 0) return fields[j]!.dir === 1 ? c : -c
    }
    return a.seq - b.seq
  }
}

/**
 * The first `k` documents in sort order (stable: ties keep their arrival order), holding at
 * most `k` in a max-heap; `k` < 0 sorts everything.
 */
export function topK(docs: Iterable<BsonDocument>, fields: readonly SortField[], k: number): BsonDocument[] {
  const cmp = rankedCompare(fields)
  const rank = (doc: BsonDocument, seq: number): Ranked => ({ doc, seq, keys: fields.map((f) => sortKey(doc, f)) })
  let seq = 0
  if (k < 0) {
    const all: Ranked[] = []
    for (const d of docs) all.push(rank(d, seq++))
    return all.sort(cmp).map((r) => r.doc)
  }
  if (k === 0) return []
  const heap: Ranked[] = []
  const up = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1
      if (cmp(heap[i]!, heap[p]!) <= 0) return
      ;[heap[i], heap[p]] = [heap[p]!, heap[i]!]
      i = p
    }
  }
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < heap.length && cmp(heap[l]!, heap[m]!) > 0) m = l
      if (r < heap.length && cmp(heap[r]!, heap[m]!) > 0) m = r
      if (m === i) return
      ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
      i = m
    }
  }
  for (const d of docs) {
    const item = rank(d, seq++)
    if (heap.length < k) {
      heap.push(item)
      up(heap.length - 1)
    } else if (cmp(item, heap[0]!) < 0) {
      heap[0] = item
      down(0)
    }
  }
  return heap.sort(cmp).map((r) => r.doc)
}

/**
 * Runs a query as a pipeline of iterators: scan -> match -> [sort] -> skip -> limit -> select.
 * Reading stops once skip + limit results exist when no sort is needed or the index walk
 * already yields the orderBy's order; an in-memory sort with a limit keeps only the best
 * skip + limit records. Results equal {@link runQuery}'s.
 */
export function executeQuery<Rid extends number | bigint | string>(
  source: RecordSource<Rid>,
  indexes: readonly IndexDefinition[],
  spec: PlannedQuerySpec,
): QueryExecution {
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const q = compileQuery(spec)
  const chosen = chooseAccessPlan(indexes, spec.condition, spec.hint, spec.orderBy)
  // A backward walk needs the source's reverse scan; without one the sort happens in memory.
  const plan: AccessPlan =
    chosen.indexOrder === -1 && !source.indexScanReverse ? { scanType: chosen.scanType, indexName: chosen.indexName, ranges: chosen.ranges, ixBound: chosen.ixBound } : chosen
  const ordered = q.sort.length === 0 || plan.indexOrder !== undefined
  const counters = { indexRead: 0, dataRead: 0 }
  const docs: BsonDocument[] = []
  const skip = Math.max(0, q.skip)
  const want = q.limit < 0 ? Infinity : q.limit
  if (want > 0) {
    const matching = filter(scan(source, plan, plan.indexOrder === -1, counters), q.matches)
    const inOrder = ordered ? matching : topK(matching, q.sort, q.limit < 0 ? -1 : skip + q.limit)[Symbol.iterator]()
    let skipped = 0
    for (const doc of inOrder) {
      if (skipped < skip) {
        skipped++
        continue
      }
      docs.push(q.project(doc))
      if (docs.length >= want) break
    }
  }
  const { indexRead, dataRead } = counters
  const elapsedMs = performance.now() - t0
  // The process's CPU time over the run: the emulator runs every query on its one thread.
  const cpu = process.cpuUsage(cpu0)
  const covered = indexCover(indexes.find((i) => i.name === plan.indexName), plan, spec.condition, q.sort)
  return {
    docs,
    plan,
    indexRead,
    dataRead,
    elapsedMs,
    explain(collection, node) {
      const head: [string, BsonValue][] = node
        ? [
            ['NodeName', node.nodeName],
            ['GroupName', node.groupName],
            ['Role', node.role],
          ]
        : []
      return makeDoc([
        ...head,
        ['Name', collection],
        ['ScanType', plan.scanType],
        ['IndexName', plan.indexName],
        ['UseExtSort', !ordered],
        ['Query', spec.condition ?? {}],
        ['IXBound', plan.ixBound],
        ['NeedMatch', spec.condition !== null && spec.condition !== undefined && entriesOf(spec.condition).length > 0],
        ['IndexCover', covered],
        ['ReturnNum', int64(BigInt(docs.length))],
        ['ElapsedTime', double(elapsedMs / 1000)],
        ['IndexRead', int64(BigInt(indexRead))],
        ['DataRead', int64(BigInt(dataRead))],
        ['UserCPU', double(cpu.user / 1e6)],
        ['SysCPU', double(cpu.system / 1e6)],
      ])
    },
  }
}

function* filter(docs: Iterable<BsonDocument>, keep: (doc: BsonDocument) => boolean): Generator<BsonDocument> {
  for (const d of docs) if (keep(d)) yield d
}

const PREDICATE_OPS = new Set(['$et', '$gt', '$gte', '$lt', '$lte', '$in'])

/** A condition value the optimizer turns into index predicates (plain values and range/`$in` operators). */
function convertible(v: BsonValue): boolean {
  if (!isDoc(v)) return true
  const ops = entriesOf(v).map(([k]) => k)
  return ops.every((k) => !k.startsWith('$')) || ops.every((k) => PREDICATE_OPS.has(k))
}

/** Every field name a condition refers to, through `$and` / `$or` / `$not`. */
function conditionFields(condition: BsonDocument, out: Set<string>): Set<string> {
  for (const [k, v] of entriesOf(condition)) {
    if (!k.startsWith('$')) out.add(k)
    else if (Array.isArray(v)) for (const c of v) if (isDoc(c)) conditionFields(c, out)
  }
  return out
}

/**
 * Whether the index alone answers the condition and the order (`_optIxScanNode::_evalIndexCover`):
 * the index is NotArray (cover is on by default), every orderBy field is a key field, and either
 * every condition field is turned into a predicate the index walk applies, or, when some part of
 * the condition cannot become predicates, every field it names is a key field.
 */
function indexCover(def: IndexDefinition | undefined, plan: AccessPlan, condition: BsonDocument | null | undefined, sort: readonly SortField[]): boolean {
  if (plan.scanType !== 'ixscan' || def?.notArray !== true) return false
  let keyFields: Set<string>
  try {
    keyFields = new Set(parseIndexKey(def.key).map((f) => f.path))
  } catch {
    return false
  }
  if (!sort.every((f) => keyFields.has(f.path))) return false
  const entries = condition === null || condition === undefined ? [] : entriesOf(condition)
  const matched = new Set(plan.matchedFields ?? [])
  if (entries.every(([k, v]) => !k.startsWith('$') && convertible(v))) return entries.every(([k]) => matched.has(k))
  return [...conditionFields(condition ?? {}, new Set())].every((f) => keyFields.has(f))
}
