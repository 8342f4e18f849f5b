/**
 * Selectors (the `Selector` of a query): include / exclude, defaults, and function selectors.
 *
 * `{a: 1}` includes `a` and uses `1` as its default when missing; `{a: {$include: 1}}`
 * includes without a default; `{a: {$include: 0}}` excludes; `{a: {$default: v}}` includes with
 * a default. Included fields keep document order and defaults come last. Function selectors
 * (`$slice`, `$elemMatch`, `$elemMatchOne`, `$add`, `$cast`, ...) rewrite a field in place.
 */
import { SdbFault } from './fault.js'
import { FUNCTION_NAMES, compileFunction } from './functions.js'
import type { ValueFn } from './functions.js'
import { compileCondition } from './matcher.js'
import type { Predicate } from './matcher.js'
import { splitPath } from './path.js'
import { clone, entriesOf, isDoc, makeDoc, numToNumber, toNum } from './values.js'
import type { BsonDocument, BsonValue } from './values.js'

const invalid = (detail: string): SdbFault => new SdbFault(-6, detail)

/** Rewrites a present field value; returning undefined removes the field. */
type FieldFn = (v: BsonValue) => BsonValue

interface SelField {
  readonly parts: readonly string[]
  readonly mode: 'include' | 'exclude' | 'function'
  readonly hasDefault: boolean
  readonly def: BsonValue
  readonly fn?: FieldFn
}

/** A compiled selector: returns the projected document. */
export type Projection = (doc: BsonDocument) => BsonDocument

function sliceFn(arg: BsonValue): FieldFn {
  let skip: number
  let count: number | undefined
  if (Array.isArray(arg)) {
    const a = arg[0] === undefined ? undefined : toNum(arg[0])
    const b = arg[1] === undefined ? undefined : toNum(arg[1])
    if (arg.length !== 2 || !a || !b) throw invalid('$slice needs a number or [skip, limit]')
    skip = numToNumber(a)
    count = numToNumber(b)
  } else {
    const n = toNum(arg)
    if (!n) throw invalid('$slice needs a number or [skip, limit]')
    const x = numToNumber(n)
    if (x >= 0) {
      skip = 0
      count = x
    } else {
      skip = x
      count = undefined
    }
  }
  return (v) => {
    if (!Array.isArray(v)) return v
    const from = skip < 0 ? Math.max(v.length + skip, 0) : Math.min(skip, v.length)
    const to = count === undefined || count < 0 ? v.length : Math.min(from + count, v.length)
    return v.slice(from, to)
  }
}

function elemMatchFn(arg: BsonValue, one: boolean): FieldFn {
  if (!isDoc(arg)) throw invalid('$elemMatch needs an object')
  const keys = entriesOf(arg)
  const opsOnly = keys.length > 0 && keys.every(([k]) => k.startsWith('$') && !['$and', '$or', '$not'].includes(k))
  // {$gt: 3} tests the element itself: wrap it as a condition on a synthetic field.
  const pred: Predicate = compileCondition(opsOnly ? { v: arg } : arg)
  const test = (e: BsonValue): boolean => (opsOnly ? pred({ v: e }) : isDoc(e) && pred(e))
  return (v) => {
    // A document's fields are its elements: the first matching one comes back wrapped.
    if (isDoc(v)) {
      const hit = entriesOf(v).find(([, e]) => test(e))
      return hit ? makeDoc([hit]) : undefined
    }
    if (!Array.isArray(v)) return undefined
    const out: BsonValue[] = []
    for (const e of v) {
      if (test(e)) {
        out.push(e)
        if (one) break
      }
    }
    return out
  }
}

function parseField(path: string, spec: BsonValue): SelField {
  const parts = splitPath(path)
  if (isDoc(spec)) {
    const e = entriesOf(spec)
    if (e.length > 0 && e[0]![0].startsWith('$')) {
      if (e.length !== 1) throw invalid(`selector for ${path} takes one operator`)
      const [op, arg] = e[0]!
      switch (op) {
        case '$include': {
          const n = toNum(arg)
          const on = typeof arg === 'boolean' ? arg : n ? numToNumber(n) !== 0 : undefined
          if (on === undefined) throw invalid('$include takes 1 or 0')
          return { parts, mode: on ? 'include' : 'exclude', hasDefault: false, def: undefined }
        }
        case '$default':
          return { parts, mode: 'include', hasDefault: true, def: arg }
        case '$slice':
          return { parts, mode: 'function', hasDefault: false, def: undefined, fn: sliceFn(arg) }
        case '$elemMatch':
        case '$elemMatchOne':
          return { parts, mode: 'function', hasDefault: false, def: undefined, fn: elemMatchFn(arg, op === '$elemMatchOne') }
        default: {
          if (!FUNCTION_NAMES.has(op)) throw invalid(`unknown selector ${op}`)
          const f: ValueFn = compileFunction(op, arg)
          return { parts, mode: 'function', hasDefault: false, def: undefined, fn: f }
        }
      }
    }
  }
  return { parts, mode: 'include', hasDefault: true, def: spec }
}

interface Node {
  children: Map<string, Node>
  field?: SelField
}

function buildTree(fields: readonly SelField[]): Node {
  const root: Node = { children: new Map() }
  for (const f of fields) {
    let n = root
    for (const p of f.parts) {
      let c = n.children.get(p)
      if (!c) {
        c = { children: new Map() }
        n.children.set(p, c)
      }
      n = c
    }
    n.field = f
  }
  return root
}

// Include mode: keep only the selected paths, in document order.
function includeValue(v: BsonValue, node: Node): BsonValue {
  if (node.field) {
    if (node.field.mode === 'function') return node.field.fn!(v)
    return v
  }
  if (isDoc(v)) {
    const out: [string, BsonValue][] = []
    for (const [k, x] of entriesOf(v)) {
      const c = node.children.get(k)
      if (!c) continue
      const y = includeValue(x, c)
      if (y !== undefined) out.push([k, y])
    }
    return makeDoc(out)
  }
  if (Array.isArray(v)) {
    const out: BsonValue[] = []
    for (const e of v) {
      if (!isDoc(e)) continue
      const y = includeValue(e, node)
      if (isDoc(y) && entriesOf(y).length > 0) out.push(y)
    }
    return out
  }
  return undefined
}

function hasPath(v: BsonValue, parts: readonly string[]): boolean {
  let cur = v
  for (const p of parts) {
    if (Array.isArray(cur)) return true
    if (!isDoc(cur) || !Object.hasOwn(cur, p)) return false
    cur = cur[p]
  }
  return true
}

function setDefault(doc: BsonDocument, parts: readonly string[], value: BsonValue): BsonDocument {
  const [head, ...rest] = parts
  if (head === undefined) return doc
  const entries = entriesOf(doc)
  const idx = entries.findIndex(([k]) => k === head)
  if (rest.length === 0) {
    if (idx >= 0) return doc
    return makeDoc([...entries, [head, clone(value)]])
  }
  if (idx >= 0) {
    const cur = entries[idx]![1]
    if (isDoc(cur)) entries[idx] = [head, setDefault(cur, rest, value)]
    else entries[idx] = [head, setDefault({}, rest, value)]
    return makeDoc(entries)
  }
  return makeDoc([...entries, [head, setDefault({}, rest, value)]])
}

// Exclude / function mode: copy everything, dropping excluded paths and rewriting functions.
function rewriteValue(v: BsonValue, node: Node): BsonValue {
  if (node.field) {
    if (node.field.mode === 'exclude') return undefined
    if (node.field.mode === 'function') return node.field.fn!(v)
    return v
  }
  if (isDoc(v)) {
    const out: [string, BsonValue][] = []
    for (const [k, x] of entriesOf(v)) {
      const c = node.children.get(k)
      const y = c ? rewriteValue(x, c) : x
      if (y !== undefined) out.push([k, y])
    }
    return makeDoc(out)
  }
  if (Array.isArray(v)) return v.map((e) => (isDoc(e) ? rewriteValue(e, node) : e)).filter((e) => e !== undefined)
  return v
}

/** Compiles a selector; `null`/`{}` returns documents unchanged. Mixing include and exclude is -6. */
export function compileSelector(selector: BsonDocument | null | undefined): Projection {
  if (selector === null || selector === undefined) return (d) => d
  if (!isDoc(selector)) throw invalid('the selector must be an object')
  const fields = entriesOf(selector).map(([k, v]) => parseField(k, v))
  if (fields.length === 0) return (d) => d
  const hasInclude = fields.some((f) => f.mode === 'include')
  const hasExclude = fields.some((f) => f.mode === 'exclude')
  if (hasInclude && hasExclude) throw invalid('a selector cannot both include and exclude')
  const tree = buildTree(fields)
  if (hasInclude) {
    const defaults = fields.filter((f) => f.hasDefault)
    return (doc) => {
      let out = includeValue(doc, tree) as BsonDocument
      for (const f of defaults) if (!hasPath(out, f.parts)) out = setDefault(out, f.parts, f.def)
      return out
    }
  }
  return (doc) => rewriteValue(doc, tree) as BsonDocument
}
