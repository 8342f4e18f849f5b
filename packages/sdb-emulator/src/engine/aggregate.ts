/**
 * Aggregation pipelines: `$match $project $group $sort $skip $limit`, with SequoiaDB's shapes:
 * `$project` yields null for a missing field and ignores `0`; `$group` output carries its
 * accumulators but not `_id`; sums over mixed numbers come back as double, or decimal when a
 * decimal takes part.
 */
import { compareValues } from './compare.js'
import { Dec } from './dec.js'
import { SdbFault } from './fault.js'
import { encodeValue } from './index-key.js'
import { compileCondition } from './matcher.js'
import { projectPath, splitPath } from './path.js'
import { parseSort, sortDocuments } from './sort.js'
import { clone, decimal, double, entriesOf, int64, isDoc, makeDoc, numToDec, numToNumber, toNum } from './values.js'
import type { BsonDocument, BsonValue } from './values.js'

const invalid = (detail: string): SdbFault => new SdbFault(-6, detail)

/** A value expression: a field reference (`"$a.b"`), or a constant. */
type Expr = (doc: BsonDocument) => BsonValue

function fieldRef(spec: BsonValue): Expr {
  if (typeof spec === 'string' && spec.startsWith('$') && spec.length > 1) {
    const parts = splitPath(spec.slice(1))
    return (doc) => projectPath(doc, parts)
  }
  // Accumulators read fields only; a constant contributes nothing.
  return () => undefined
}

// A function argument: "$field", or a number for $sum (it names a field that does not
// exist, so the sum is null); anything else is rejected.
function accumulatorArg(op: string, arg: BsonValue): Expr {
  if (typeof arg === 'string') {
    if (!arg.startsWith('$')) throw invalid(`${op}: the argument must begin with $`)
    return fieldRef(arg)
  }
  if (op === '$sum' && toNum(arg)) return () => undefined
  if (Array.isArray(arg) && arg.length > 0 && arg.every((a) => typeof a === 'string' && a.startsWith('$'))) {
    return fieldRef(arg[0])
  }
  throw invalid(`${op}: the argument must be a field name`)
}

function groupKeyExpr(spec: BsonValue): Expr {
  if (spec === undefined || spec === null) return () => null
  if (typeof spec === 'string') {
    const f = fieldRef(spec)
    return (doc) => f(doc) ?? null
  }
  if (isDoc(spec)) {
    const parts = entriesOf(spec).map(([k, v]): [string, Expr] => [k, groupKeyExpr(v)])
    return (doc) => makeDoc(parts.map(([k, f]) => [k, f(doc)]))
  }
  return () => spec
}

/** Accumulator kinds; `count` is what SQL's count(field) uses (not a pipeline operator). */
export type AccumulatorKind = 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last' | 'push' | 'addtoset' | 'count'

/** One output field of a group. */
export interface Accumulator {
  readonly name: string
  readonly kind: AccumulatorKind
  readonly expr: Expr
}

const PIPELINE_ACCUMULATORS: Readonly<Record<string, AccumulatorKind>> = {
  $sum: 'sum',
  $avg: 'avg',
  $min: 'min',
  $max: 'max',
  $first: 'first',
  $last: 'last',
  $push: 'push',
  $addtoset: 'addtoset',
  $count: 'count',
}

// rtnSQLSum / rtnSQLAvg: non-decimal numbers add up in a double, decimals in a decimal; the
// result is the double unless the decimal part is non-zero, then their decimal sum.
function sumValues(values: readonly BsonValue[]): { double: number; dec: Dec; count: number } {
  let count = 0
  let dsum = 0
  let xsum = Dec.fromBigInt(0n)
  for (const v of values) {
    const n = toNum(v)
    if (!n) continue
    count++
    if (n.k === 'decimal') {
      const d = numToDec(n)
      if (d) xsum = xsum.add(d)
    } else dsum += numToNumber(n)
  }
  return { double: dsum, dec: xsum, count }
}

function total(s: { double: number; dec: Dec }): Dec | undefined {
  const d = Dec.fromDouble(s.double)
  return d ? s.dec.add(d) : undefined
}

function accumulate(kind: AccumulatorKind, values: readonly BsonValue[]): BsonValue {
  const present = values.filter((v) => v !== undefined)
  switch (kind) {
    case 'count':
      return int64(BigInt(values.length))
    case 'sum': {
      const s = sumValues(present)
      if (s.count === 0) return null
      if (s.dec.isZero()) return double(s.double)
      const t = total(s)
      return t ? decimal(t) : double(s.double)
    }
    case 'avg': {
      const s = sumValues(present)
      if (s.count === 0) return null
      if (s.dec.isZero()) return double(s.double / s.count)
      const q = total(s)?.div(Dec.fromBigInt(BigInt(s.count)))
      return q ? decimal(q) : double(s.double / s.count)
    }
    case 'min':
    case 'max': {
      let best: BsonValue = undefined
      for (const v of present) {
        if (v === null) continue
        if (best === undefined || (kind === 'min' ? compareValues(v, best) < 0 : compareValues(v, best) > 0)) best = v
      }
      return best === undefined ? null : best
    }
    case 'first':
      return values.length === 0 ? null : (values[0] ?? null)
    case 'last':
      return values.length === 0 ? null : (values[values.length - 1] ?? null)
    // rtnSQLPush / rtnSQLAddToSet leave out nulls as well as missing values.
    case 'push':
      return present.filter((v) => v !== null).map(clone)
    case 'addtoset': {
      const out: BsonValue[] = []
      for (const v of present) if (v !== null && !out.some((e) => compareValues(e, v) === 0)) out.push(clone(v))
      return out
    }
  }
}

/** Groups documents: one output document per distinct key, in key order. */
export function groupDocuments(
  docs: readonly BsonDocument[],
  key: Expr,
  accumulators: readonly Accumulator[],
): BsonDocument[] {
  if (docs.length === 0) return []
  // Equal keys (1, 1L, 1.0 alike) have equal index-key bytes, so the bytes identify a group.
  const byKey = new Map<string, { key: BsonValue; docs: BsonDocument[] }>()
  for (const d of docs) {
    const k = key(d)
    const id = encodeValue(k).toString('latin1')
    const g = byKey.get(id)
    if (g) g.docs.push(d)
    else byKey.set(id, { key: k, docs: [d] })
  }
  const groups = [...byKey.values()]
  groups.sort((a, b) => compareValues(a.key, b.key))
  return groups.map((g) =>
    makeDoc(accumulators.map((a) => [a.name, accumulate(a.kind, g.docs.map((d) => a.expr(d)))])),
  )
}

function parseGroup(spec: BsonValue): { key: Expr; accumulators: Accumulator[] } {
  if (!isDoc(spec)) throw invalid('$group needs an object')
  let key: Expr = () => null
  const accumulators: Accumulator[] = []
  for (const [name, v] of entriesOf(spec)) {
    if (name === '_id') {
      key = groupKeyExpr(v)
      continue
    }
    // {a: "$a"} carries a field through (its first value in the group); other plain values are
    // ignored, as the server's group parser does.
    if (typeof v === 'string' && v.startsWith('$')) {
      accumulators.push({ name, kind: 'first', expr: fieldRef(v) })
      continue
    }
    if (!isDoc(v)) continue
    const e = entriesOf(v)
    if (e.length === 0) throw invalid(`$group field ${name} needs an accumulator`)
    const [op, arg] = e[0]!
    if (!op.startsWith('$')) throw invalid(`$group field ${name}: the function name must begin with $`)
    const kind = PIPELINE_ACCUMULATORS[op]
    if (!kind) throw invalid(`unknown accumulator ${op}`)
    accumulators.push({ name, kind, expr: accumulatorArg(op, arg) })
  }
  return { key, accumulators }
}

/** One `$project` output field. */
interface ProjectField {
  readonly name: string
  readonly expr: Expr
}

function parseProject(spec: BsonValue): ProjectField[] | undefined {
  if (!isDoc(spec)) throw invalid('$project needs an object')
  const fields: ProjectField[] = []
  for (const [name, v] of entriesOf(spec)) {
    if (name.startsWith('$')) throw invalid(`$project: field name ${name} cannot begin with $`)
    if (typeof v === 'string') {
      if (!v.startsWith('$')) throw invalid(`$project of ${name}: the parameter must begin with $`)
      const parts = splitPath(v.slice(1))
      fields.push({ name, expr: (doc) => projectPath(doc, parts) })
      continue
    }
    const n = toNum(v)
    if (n) {
      // numberInt(): 0.5 counts as 0, which leaves the field out.
      if (Math.trunc(numToNumber(n)) === 0) continue
      const parts = splitPath(name)
      fields.push({ name, expr: (doc) => projectPath(doc, parts) })
      continue
    }
    if (isDoc(v)) {
      // {alias: {a: 1, b: 1}} builds an object of those fields (buildobj).
      const subs: [string, readonly string[]][] = []
      for (const [f, x] of entriesOf(v)) {
        const m = toNum(x)
        if (!m) throw invalid(`$project of ${name}: field ${f} must be a number`)
        if (Math.trunc(numToNumber(m)) !== 0) subs.push([f, splitPath(f)])
      }
      if (subs.length === 0) throw invalid(`$project of ${name}: empty object`)
      fields.push({ name, expr: (doc) => makeDoc(subs.map(([f, parts]) => [f, projectPath(doc, parts) ?? null])) })
      continue
    }
    throw invalid(`$project of ${name}: invalid value`)
  }
  return fields.length === 0 ? undefined : fields
}

/** Projects documents onto fields (a missing field becomes null), in the given field order. */
export function projectDocuments(docs: readonly BsonDocument[], fields: readonly ProjectField[]): BsonDocument[] {
  return docs.map((d) => makeDoc(fields.map((f) => [f.name, f.expr(d) ?? null])))
}

function countArg(stage: string, v: BsonValue): number {
  const n = toNum(v)
  if (!n) throw invalid(`${stage} needs a number`)
  return Math.trunc(numToNumber(n))
}

type Stage = (docs: BsonDocument[]) => BsonDocument[]

/**
 * Compiles a pipeline; throws `SdbFault(-6)` for an unknown stage or operator, or a `$sort`
 * on a field that an earlier `$group` does not produce.
 */
export function compilePipeline(pipeline: readonly BsonValue[]): (docs: Iterable<BsonDocument>) => BsonDocument[] {
  const stages: Stage[] = []
  let known: Set<string> | undefined
  for (const s of pipeline) {
    if (!isDoc(s)) throw invalid('a pipeline stage must be an object')
    const e = entriesOf(s)
    if (e.length !== 1) throw invalid('a pipeline stage has exactly one operator')
    const [op, arg] = e[0]!
    switch (op) {
      case '$match': {
        if (!isDoc(arg)) throw invalid('$match needs an object')
        const p = compileCondition(arg)
        stages.push((docs) => docs.filter(p))
        break
      }
      case '$project': {
        const fields = parseProject(arg)
        if (fields) {
          stages.push((docs) => projectDocuments(docs, fields))
          known = new Set(fields.map((f) => f.name.split('.')[0]!))
        }
        break
      }
      case '$group': {
        const g = parseGroup(arg)
        stages.push((docs) => groupDocuments(docs, g.key, g.accumulators))
        known = new Set(g.accumulators.map((a) => a.name))
        break
      }
      case '$sort': {
        if (!isDoc(arg)) throw invalid('$sort needs an object')
        const fields = parseSort(arg)
        if (known) {
          for (const f of fields) if (!known.has(f.parts[0]!)) throw invalid(`$sort on ${f.path}, which is not produced`)
        }
        stages.push((docs) => sortDocuments(docs, fields))
        break
      }
      case '$skip': {
        const n = countArg('$skip', arg)
        stages.push((docs) => docs.slice(Math.max(n, 0)))
        break
      }
      case '$limit': {
        const n = countArg('$limit', arg)
        // A negative limit means no limit, as for queries.
        stages.push((docs) => (n < 0 ? docs : docs.slice(0, n)))
        break
      }
      default:
        throw invalid(`unknown pipeline stage ${op}`)
    }
  }
  return (input) => {
    let docs = [...input]
    for (const st of stages) docs = st(docs)
    return docs
  }
}

/** Runs a pipeline over documents in natural order. */
export function runPipeline(docs: Iterable<BsonDocument>, pipeline: readonly BsonValue[]): BsonDocument[] {
  return compilePipeline(pipeline)(docs)
}
