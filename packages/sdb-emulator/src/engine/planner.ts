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
import type { QuerySpec } from './query.js'
import { skipLimit, sortDocuments } from './sort.js'
import { MaxKey, MinKey } from '@canopy/sdb-client/bson'
import { T, canonical, double, entriesOf, int64, isDoc, makeDoc, typeCode } from './values.js'
import type { BsonDocument, BsonValue } from './values.js'

/** An index as the catalog describes it. */
export interface IndexDefinition {
  readonly name: string
  /** Key definition, e.g. `{a: 1, b: -1}`; `$id` is `{_id: 1}`. */
  readonly key: BsonDocument
  readonly unique?: boolean
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
    plan: { scanType: 'ixscan', indexName: def.name, ranges: sorted, ixBound },
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
 * Chooses the access path for a condition. A hint names an index (`"idx"`, `{"": "idx"}`,
 * `{"": ["a", "b"]}`) or forces a table scan (`{"": null}`); an unknown name is ignored.
 */
export function chooseAccessPlan(
  indexes: readonly IndexDefinition[],
  condition: BsonDocument | null | undefined,
  hint?: BsonValue,
): AccessPlan {
  const bounds = impliedBounds(condition)
  const wanted = hintedNames(hint)
  if (wanted === null) return TABLE_SCAN
  if (wanted) {
    for (const name of wanted) {
      const def = indexes.find((i) => i.name === name)
      const c = def && planForIndex(def, bounds, true)
      if (c) return c.plan
    }
  }
  let best: Candidate | undefined
  for (const def of indexes) {
    const c = planForIndex(def, bounds, false)
    if (!c) continue
    if (!best || c.score > best.score || (c.score === best.score && c.unique && !best.unique)) best = c
  }
  return best?.plan ?? TABLE_SCAN
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

/**
 * Runs a query: chooses the access path, reads through the record source, then matches,
 * sorts, pages and projects exactly as {@link runQuery} does.
 */
export function executeQuery<Rid extends number | bigint | string>(
  source: RecordSource<Rid>,
  indexes: readonly IndexDefinition[],
  spec: PlannedQuerySpec,
): QueryExecution {
  const t0 = performance.now()
  const q = compileQuery(spec)
  const plan = chooseAccessPlan(indexes, spec.condition, spec.hint)
  const hits: BsonDocument[] = []
  let indexRead = 0
  let dataRead = 0
  if (plan.scanType === 'ixscan') {
    const seen = new Set<Rid>()
    for (const rid of source.indexScan(plan.indexName, plan.ranges)) {
      indexRead++
      if (seen.has(rid)) continue
      seen.add(rid)
      const doc = source.fetch(rid)
      if (!doc) continue
      dataRead++
      if (q.matches(doc)) hits.push(doc)
    }
  } else {
    for (const [, doc] of source.tableScan()) {
      dataRead++
      if (q.matches(doc)) hits.push(doc)
    }
  }
  const sorted = q.sort.length > 0 ? sortDocuments(hits, q.sort) : hits
  const docs = skipLimit(sorted, q.skip, q.limit).map(q.project)
  const elapsedMs = performance.now() - t0
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
        ['UseExtSort', q.sort.length > 0],
        ['Query', spec.condition ?? {}],
        ['IXBound', plan.ixBound],
        ['NeedMatch', spec.condition !== null && spec.condition !== undefined && entriesOf(spec.condition).length > 0],
        ['IndexCover', false],
        ['ReturnNum', int64(BigInt(docs.length))],
        ['ElapsedTime', double(elapsedMs / 1000)],
        ['IndexRead', int64(BigInt(indexRead))],
        ['DataRead', int64(BigInt(dataRead))],
        ['UserCPU', double(0)],
        ['SysCPU', double(0)],
      ])
    },
  }
}
