/**
 * Conditions (the `Matcher` of a query): compiled once into a predicate over documents, with
 * SequoiaDB's rules for types, arrays, missing fields and functions. Bad conditions throw
 * `SdbFault(-6)` as the real server answers SDB_INVALIDARG.
 */
import { compareValues } from './compare.js'
import { SdbFault } from './fault.js'
import { FUNCTION_NAMES, compileFunction } from './functions.js'
import type { ValueFn } from './functions.js'
import { candidates, getPath, splitPath } from './path.js'
import type { Candidate } from './path.js'
import {
  T,
  canonical,
  entriesOf,
  fromNum,
  isDoc,
  numToNumber,
  toNum,
  typeCode,
} from './values.js'
import type { BsonDocument, BsonValue } from './values.js'
import { arith } from './arith.js'
import type { BSONRegExp } from '@canopy/sdb-client/bson'

/** A compiled condition. */
export type Predicate = (doc: BsonDocument) => boolean

const invalid = (detail: string): SdbFault => new SdbFault(-6, detail)

type CandTest = (cands: readonly Candidate[], doc: BsonDocument) => boolean

// ---------------------------------------------------------------------------------------------
// Regular expressions (PCRE options i, m, s, x mapped onto JavaScript).

function stripExtended(pattern: string): string {
  let out = ''
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '')
      i++
      continue
    }
    if (inClass) {
      if (c === ']') inClass = false
      out += c
      continue
    }
    if (c === '[') {
      inClass = true
      out += c
      continue
    }
    if (/\s/.test(c)) continue
    if (c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++
      continue
    }
    out += c
  }
  return out
}

/** Compiles a PCRE-style pattern; undefined when the pattern is invalid (it then matches nothing). */
export function compileRegex(pattern: string, options: string): RegExp | undefined {
  let flags = ''
  let source = pattern
  for (const o of options) {
    if (o === 'i' || o === 'm' || o === 's') {
      if (!flags.includes(o)) flags += o
    } else if (o === 'x') source = stripExtended(source)
  }
  try {
    return new RegExp(source, `${flags}u`)
  } catch {
    try {
      return new RegExp(source, flags)
    } catch {
      return undefined
    }
  }
}

function regexFromValue(v: BsonValue): RegExp | undefined {
  const r = v as BSONRegExp
  return compileRegex(r.pattern, r.options)
}

// ---------------------------------------------------------------------------------------------
// Value tests.

type Scalar = (v: BsonValue) => boolean

function equalsTest(target: BsonValue): Scalar {
  if (typeCode(target) === T.Regex) {
    const re = regexFromValue(target)
    return (v) => typeof v === 'string' && re !== undefined && re.test(v)
  }
  return (v) => compareValues(v, target) === 0
}

type RangeOp = '$gt' | '$gte' | '$lt' | '$lte'

function rangeOk(op: RangeOp, v: BsonValue, target: BsonValue): boolean {
  const tv = typeCode(v)
  const tt = typeCode(target)
  // Only a $minKey / $maxKey operand compares across types (`mthMatchOpNode.cpp`, mix-compare off
  // by default); a stored min/max key is a type of its own, so {$gt: 1} does not match it.
  const minmax = tt === T.MinKey || tt === T.MaxKey
  if (!minmax && canonical(tv) !== canonical(tt)) return false
  const c = compareValues(v, target)
  switch (op) {
    case '$gt':
      return c > 0
    case '$gte':
      return c >= 0
    case '$lt':
      return c < 0
    case '$lte':
      return c <= 0
  }
}

/** True when `test` holds for a candidate or, for an array reached by name, for an element. */
function anyCand(cands: readonly Candidate[], test: Scalar, wholeArray = true): boolean {
  for (const c of cands) {
    if (c.expand) {
      if (wholeArray && test(c.v)) return true
      for (const e of c.v as BsonValue[]) if (test(e)) return true
    } else if (test(c.v)) return true
  }
  return false
}

function truthy(v: BsonValue): boolean {
  if (v === false || v === null || v === undefined) return false
  const n = toNum(v)
  if (n) return numToNumber(n) !== 0
  return true
}

// A comparison argument may be {$field: "other"}: the other field's value in the same document.
type Arg = (doc: BsonDocument) => { ok: true; v: BsonValue } | { ok: false }

function argOf(v: BsonValue): Arg {
  if (isDoc(v)) {
    const e = entriesOf(v)
    if (e.length === 1 && e[0]![0] === '$field') {
      const name = e[0]![1]
      if (typeof name !== 'string') throw invalid('$field needs a field name')
      const parts = splitPath(name)
      return (doc) => {
        const x = getPath(doc, parts)
        return x === undefined ? { ok: false } : { ok: true, v: x }
      }
    }
  }
  return () => ({ ok: true, v })
}

function modTest(arg: BsonValue): Scalar {
  if (!Array.isArray(arg) || arg.length !== 2) throw invalid('$mod needs [divisor, remainder]')
  const d = toNum(arg[0])
  const r = toNum(arg[1])
  if (!d || !r) throw invalid('$mod needs numbers')
  if (numToNumber(d) === 0) throw invalid('$mod by zero')
  return (v) => {
    const n = toNum(v)
    if (!n) return false
    const m = arith('mod', n, d)
    return m !== undefined && compareValues(fromNum(m), fromNum(r)) === 0
  }
}

function regexTest(pattern: BsonValue, options: BsonValue): Scalar {
  if (typeof pattern !== 'string') throw invalid('$regex needs a string')
  if (options !== undefined && typeof options !== 'string') throw invalid('$options needs a string')
  const re = compileRegex(pattern, options ?? '')
  return (v) => typeof v === 'string' && re !== undefined && re.test(v)
}

const COMPARISONS = new Set([
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$ne',
  '$et',
  '$in',
  '$nin',
  '$all',
  '$exists',
  '$isnull',
  '$regex',
  '$options',
  '$elemMatch',
  '$field',
  '$mod',
])

function compileOp(op: string, arg: BsonValue, opts: BsonDocument): CandTest | undefined {
  switch (op) {
    case '$et':
    case '$field': {
      const a = op === '$field' ? argOf({ $field: arg }) : argOf(arg)
      return (cands, doc) => {
        const x = a(doc)
        return x.ok && anyCand(cands, equalsTest(x.v))
      }
    }
    case '$ne': {
      const a = argOf(arg)
      return (cands, doc) => {
        const x = a(doc)
        return cands.length > 0 && (!x.ok || !anyCand(cands, equalsTest(x.v)))
      }
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const a = argOf(arg)
      return (cands, doc) => {
        const x = a(doc)
        return x.ok && anyCand(cands, (v) => rangeOk(op, v, x.v))
      }
    }
    case '$in':
    case '$nin': {
      if (!Array.isArray(arg)) throw invalid(`${op} needs an array`)
      const tests = arg.map(equalsTest)
      // An empty list still matches an empty array (`_mthMatchOpNodeIN::_valueMatch`).
      const inTest = (cands: readonly Candidate[]): boolean =>
        (tests.length === 0 && cands.some((c) => Array.isArray(c.v) && c.v.length === 0)) ||
        anyCand(cands, (v) => tests.some((t) => t(v)), false)
      // An empty array has no values to be "not in" the list.
      const hasValues = (cands: readonly Candidate[]): boolean =>
        cands.some((c) => !c.expand || (c.v as BsonValue[]).length > 0)
      return op === '$in' ? (cands) => inTest(cands) : (cands) => hasValues(cands) && !inTest(cands)
    }
    case '$all': {
      if (!Array.isArray(arg)) throw invalid('$all needs an array')
      const tests = arg.map(equalsTest)
      // The value's elements (or the value itself when it is not an array) must contain every
      // listed value; an empty list matches arrays and documents only.
      return (cands) =>
        cands.some((c) => {
          if (tests.length === 0) return Array.isArray(c.v) || isDoc(c.v)
          const elems = Array.isArray(c.v) ? c.v : [c.v]
          return tests.every((t) => elems.some((e) => t(e)))
        })
    }
    case '$exists': {
      const want = truthy(arg)
      return (cands) => (cands.length > 0) === want
    }
    case '$isnull': {
      const want = truthy(arg)
      return (cands) => {
        const isNull = cands.length === 0 || cands.some((c) => c.v === null)
        return isNull === want
      }
    }
    case '$mod': {
      const t = modTest(arg)
      return (cands) => anyCand(cands, t, false)
    }
    case '$regex': {
      const t = regexTest(arg, opts.$options)
      return (cands) => anyCand(cands, t, false)
    }
    case '$options':
      if (opts.$regex === undefined) throw invalid('$options without $regex')
      return undefined
    case '$elemMatch': {
      if (!isDoc(arg)) throw invalid('$elemMatch needs an object')
      const keys = entriesOf(arg)
      const isOps = keys.length > 0 && keys.every(([k]) => k.startsWith('$') && !['$and', '$or', '$not'].includes(k))
      if (isOps) {
        const inner = compileOperators(arg)
        return (cands, doc) =>
          cands.some((c) => Array.isArray(c.v) && c.v.some((e) => inner([{ v: e, expand: false }], doc)))
      }
      const pred = compileCondition(arg)
      return (cands) => cands.some((c) => Array.isArray(c.v) && c.v.some((e) => isDoc(e) && pred(e)))
    }
    default:
      throw invalid(`unknown operator ${op}`)
  }
}

// {$abs: 1, $et: 3}: functions transform the candidates, comparisons test the result.
function compileOperators(spec: BsonDocument): CandTest {
  const fns: ValueFn[] = []
  const tests: CandTest[] = []
  for (const [op, arg] of entriesOf(spec)) {
    if (!op.startsWith('$')) throw invalid(`field ${op} mixed with operators`)
    const isFunction = FUNCTION_NAMES.has(op) && !(op === '$mod' && Array.isArray(arg))
    if (isFunction) {
      fns.push(compileFunction(op, arg))
    } else if (COMPARISONS.has(op)) {
      const t = compileOp(op, arg, spec)
      if (t) tests.push(t)
    } else {
      throw invalid(`unknown operator ${op}`)
    }
  }
  if (fns.length > 0 && tests.length === 0) throw invalid('a function needs a comparison')
  if (fns.length === 0) return (cands, doc) => tests.every((t) => t(cands, doc))
  return (cands, doc) => {
    let cs: Candidate[] = cands.slice()
    for (const f of fns) cs = cs.map((c) => {
      const v = f(c.v)
      return { v, expand: Array.isArray(v) && (c.expand || Array.isArray(c.v)) }
    })
    return tests.every((t) => t(cs, doc))
  }
}

function compileField(path: string, value: BsonValue): Predicate {
  const parts = splitPath(path)
  let test: CandTest
  if (isDoc(value)) {
    const e = entriesOf(value)
    if (e.length === 0) return () => true
    if (e[0]![0].startsWith('$')) {
      test = compileOperators(value)
    } else {
      const eq = equalsTest(value)
      test = (cands) => anyCand(cands, eq)
    }
  } else {
    const eq = equalsTest(value)
    test = (cands) => anyCand(cands, eq)
  }
  return (doc) => test(candidates(doc, parts), doc)
}

function compileLogical(op: string, arg: BsonValue): Predicate {
  if (!Array.isArray(arg)) throw invalid(`${op} needs an array`)
  const preds = arg.map((c) => {
    if (!isDoc(c)) throw invalid(`${op} needs objects`)
    return compileCondition(c)
  })
  switch (op) {
    case '$and':
      return (doc) => preds.every((p) => p(doc))
    case '$or':
      return preds.length === 0 ? () => true : (doc) => preds.some((p) => p(doc))
    default:
      return (doc) => !preds.every((p) => p(doc))
  }
}

/**
 * Compiles a condition (`null`/`undefined`/`{}` match everything). Throws `SdbFault(-6)` for an
 * unknown operator or a malformed argument.
 */
export function compileCondition(condition: BsonDocument | null | undefined): Predicate {
  if (condition === null || condition === undefined) return () => true
  if (!isDoc(condition)) throw invalid('the condition must be an object')
  const preds: Predicate[] = []
  for (const [k, v] of entriesOf(condition)) {
    if (k.startsWith('$')) {
      if (k !== '$and' && k !== '$or' && k !== '$not') throw invalid(`unknown operator ${k}`)
      preds.push(compileLogical(k, v))
    } else {
      preds.push(compileField(k, v))
    }
  }
  if (preds.length === 0) return () => true
  if (preds.length === 1) return preds[0]!
  return (doc) => preds.every((p) => p(doc))
}

// ---------------------------------------------------------------------------------------------
// What a condition implies, for the planner and for upserts.

/** Bounds a condition puts on one field (top level or under `$and`). */
export interface FieldBounds {
  /** Equality values (`{a: 1}`, `{a: {$et: 1}}`, `$in` lists); several means "one of". */
  eq?: BsonValue[]
  lower?: { value: BsonValue; inclusive: boolean }
  upper?: { value: BsonValue; inclusive: boolean }
}

function plainValue(v: BsonValue): boolean {
  if (typeCode(v) === T.Regex) return false
  if (Array.isArray(v)) return false
  if (isDoc(v)) {
    const e = entriesOf(v)
    return e.length > 0 && !e[0]![0].startsWith('$')
  }
  return true
}

function walkImplied(condition: BsonDocument, out: Map<string, FieldBounds>): void {
  for (const [k, v] of entriesOf(condition)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const c of v) if (isDoc(c)) walkImplied(c, out)
      continue
    }
    if (k.startsWith('$')) continue
    const b = out.get(k) ?? {}
    if (plainValue(v)) {
      b.eq = [v]
    } else if (isDoc(v)) {
      const ops = entriesOf(v)
      // Functions transform the value before comparing: the bounds no longer hold.
      if (ops.some(([op, arg]) => FUNCTION_NAMES.has(op) && !(op === '$mod' && Array.isArray(arg)))) continue
      for (const [op, arg] of ops) {
        if (isDoc(arg) && Object.hasOwn(arg, '$field')) continue
        if (op === '$et' && plainValue(arg)) b.eq = [arg]
        else if (op === '$in' && Array.isArray(arg) && arg.length > 0 && arg.every(plainValue)) b.eq = arg.slice()
        else if ((op === '$gt' || op === '$gte') && plainValue(arg)) b.lower = { value: arg, inclusive: op === '$gte' }
        else if ((op === '$lt' || op === '$lte') && plainValue(arg)) b.upper = { value: arg, inclusive: op === '$lte' }
      }
    }
    if (b.eq || b.lower || b.upper) out.set(k, b)
  }
}

/**
 * The equality and range predicates a condition puts on fields (top level and `$and` members;
 * `$or` and functions are ignored). The result is a necessary condition, so an index scan over
 * these bounds followed by the full predicate returns exactly the matching documents.
 */
export function impliedBounds(condition: BsonDocument | null | undefined): Map<string, FieldBounds> {
  const out = new Map<string, FieldBounds>()
  if (condition && isDoc(condition)) walkImplied(condition, out)
  return out
}

function walkEquality(condition: BsonDocument, out: [string, BsonValue][]): void {
  for (const [k, v] of entriesOf(condition)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const c of v) if (isDoc(c)) walkEquality(c, out)
      continue
    }
    if (k.startsWith('$')) continue
    if (isDoc(v)) {
      const e = entriesOf(v)
      if (e.length === 0) continue
      if (e[0]![0].startsWith('$')) {
        const et = e.find(([op]) => op === '$et')
        if (et && e.length === 1) out.push([k, et[1]])
        continue
      }
    }
    if (typeCode(v) === T.Regex) continue
    out.push([k, v])
  }
}

/** The `field = value` pairs of a condition that an upsert copies into the new document. */
export function equalityFields(condition: BsonDocument | null | undefined): [string, BsonValue][] {
  const out: [string, BsonValue][] = []
  if (condition && isDoc(condition)) walkEquality(condition, out)
  return out
}
