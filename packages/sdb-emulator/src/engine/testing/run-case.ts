/**
 * Test support: runs one corpus case through the engine the way the real server ran it, and
 * compares the outcome with the recorded answer.
 */
import { runPipeline } from '../aggregate.js'
import { compareValues } from '../compare.js'
import { SdbFault } from '../fault.js'
import { compileCondition } from '../matcher.js'
import { runQuery } from '../query.js'
import { parseSql } from '../sql.js'
import { compileUpdate } from '../update.js'
import { T, clone, int64, typeCode } from '../values.js'
import type { BsonDocument, BsonValue } from '../values.js'
import type { CorpusCase } from './corpus.js'
import { canonicalJson } from './ordered-json.js'

/** What the engine answered: an error code, or result documents (and an update's info). */
export type Outcome = { error: number } | { result: string[]; info?: string }

function asDoc(v: BsonValue | undefined): BsonDocument | null {
  return v === undefined || v === null ? null : (v as BsonDocument)
}

function asInt(v: BsonValue | undefined, dflt: number): number {
  return typeof v === 'number' ? v : v === undefined ? dflt : Number(v)
}

function runQueryCase(c: CorpusCase, dataset: readonly BsonDocument[]): Outcome {
  const selector = asDoc(c.input.get('selector'))
  const docs = runQuery(dataset, {
    condition: asDoc(c.input.get('condition')),
    selector,
    orderBy: asDoc(c.input.get('orderBy')),
    skip: asInt(c.input.get('skip'), 0),
    limit: asInt(c.input.get('limit'), -1),
  })
  return { result: docs.map((d) => canonicalJson(selector === null ? d._id : d)) }
}

function runUpdateCase(c: CorpusCase, dataset: readonly BsonDocument[]): Outcome {
  const docs = dataset.map((d) => clone(d) as BsonDocument)
  const condition = asDoc(c.input.get('condition'))
  const upd = compileUpdate(c.input.get('rule') as BsonDocument, asDoc(c.input.get('setOnInsert')))
  const matches = compileCondition(condition)
  let updated = 0
  let modified = 0
  let inserted = 0
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!
    if (!matches(d)) continue
    updated++
    const r = upd.apply(d)
    if (!r.modified) continue
    // The $id index is unique: a rule that moves _id onto another document's is -38.
    if (docs.some((o, j) => j !== i && compareValues(o._id, r.doc._id) === 0)) throw new SdbFault(-38, 'duplicate _id')
    docs[i] = r.doc
    modified++
  }
  const fresh: BsonDocument[] = []
  if (updated === 0 && c.input.get('upsert') === true) {
    fresh.push(upd.upsertDocument(condition))
    inserted++
  }
  const before = new Map(dataset.map((d) => [canonicalJson(d._id), canonicalJson(d)]))
  const changed = docs.filter((d) => before.get(canonicalJson(d._id)) !== canonicalJson(d))
  const all = [...changed, ...fresh].sort((a, b) => compareValues(a._id, b._id))
  const print = (d: BsonDocument): string =>
    typeCode(d._id) === T.ObjectId && fresh.includes(d)
      ? canonicalJson({ ...d, _id: '<generated>' }).replace('"_id":"<generated>"', '"_id":{"$oid":"<generated>"}')
      : canonicalJson(d)
  const info = canonicalJson({
    UpdatedNum: int64(BigInt(updated)),
    ModifiedNum: int64(BigInt(modified)),
    InsertedNum: int64(BigInt(inserted)),
  })
  return { result: all.map(print), info }
}

function runAggregateCase(c: CorpusCase, dataset: readonly BsonDocument[]): Outcome {
  const docs = runPipeline(dataset, c.input.get('pipeline') as BsonValue[])
  return { result: docs.map((d) => canonicalJson(d)) }
}

function runSqlCase(c: CorpusCase, dataset: readonly BsonDocument[]): Outcome {
  const plan = parseSql(c.input.get('sql') as string)
  if (plan.kind !== 'select') throw new Error('the corpus holds only select statements')
  // The corpus collection is sem.c; any other one does not exist (-23, SDB_DMS_NOTEXIST).
  if (plan.collection !== 'sem.c') throw new SdbFault(-23, `collection ${plan.collection} does not exist`)
  const matches = compileCondition(plan.condition)
  return { result: plan.finish(dataset.filter(matches)).map((d) => canonicalJson(d)) }
}

const runners: Partial<Record<CorpusCase['kind'], (c: CorpusCase, dataset: readonly BsonDocument[]) => Outcome>> = {
  query: runQueryCase,
  update: runUpdateCase,
  aggregate: runAggregateCase,
  sql: runSqlCase,
}

/** Runs a case; SdbFaults become error outcomes. */
export function runCase(c: CorpusCase, dataset: readonly BsonDocument[]): Outcome {
  const run = runners[c.kind]
  if (!run) return { error: 0 }
  try {
    return run(c, dataset)
  } catch (e) {
    if (e instanceof SdbFault) return { error: e.code }
    throw e
  }
}

/** Compares an outcome with the recorded answer (multiset when the case is unordered). */
export function matchesRecorded(c: CorpusCase, got: Outcome): boolean {
  if (c.error !== undefined) return 'error' in got && got.error === c.error
  if ('error' in got) return false
  const ordered = c.raw.get('ordered') !== false
  const want = c.result ?? []
  const a = ordered ? got.result : [...got.result].sort()
  const b = ordered ? want : [...want].sort()
  if (JSON.stringify(a) !== JSON.stringify(b)) return false
  return c.info === undefined || got.info === c.info
}
