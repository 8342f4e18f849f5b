/**
 * Update rules (`$set`, `$inc`, `$push`, ... `$replace`) applied as the real server does: the
 * modifiers are sorted by field name, and every object level they touch is rebuilt with its
 * fields in sorted order (`BSONObjIteratorSorted`, numbers after other characters), so a
 * modified document comes back with its top-level fields sorted. Wrong-type targets are left
 * alone; wrong-type arguments are `SdbFault(-6)`.
 */
import { ObjectId } from '@canopy/sdb-client/bson'
import { Dec } from './dec.js'
import { compareValues, identical } from './compare.js'
import { SdbFault } from './fault.js'
import { equalityFields } from './matcher.js'
import { isIndex, splitPath } from './path.js'
import {
  T,
  clone,
  decimal,
  double,
  entriesOf,
  fitsInt32,
  fitsInt64,
  int32,
  int64,
  isDoc,
  keysOf,
  makeDoc,
  numToBigInt,
  numToDec,
  numToNumber,
  toNum,
  typeCode,
} from './values.js'
import type { BsonDocument, BsonValue, Num } from './values.js'
import { SdbDecimal } from '@canopy/sdb-client/bson'

const invalid = (detail: string): SdbFault => new SdbFault(-6, detail)

const OPS = [
  '$set',
  '$unset',
  '$inc',
  '$push',
  '$push_all',
  '$pull',
  '$pull_all',
  '$pull_by',
  '$pull_all_by',
  '$pop',
  '$addtoset',
  '$rename',
  '$bitand',
  '$bitor',
  '$bitxor',
  '$bitnot',
  '$bit',
  '$replace',
  '$setOnInsert',
] as const
type Op = Exclude<(typeof OPS)[number], '$replace' | '$setOnInsert'>

// Operators that create the field (and the objects on its path) when it is missing.
const CREATING: ReadonlySet<Op> = new Set<Op>(['$set', '$inc', '$push', '$push_all', '$addtoset', '$bitand', '$bitor', '$bitxor', '$bit'])

interface Mod {
  readonly op: Op
  readonly path: string
  readonly parts: readonly string[]
  readonly arg: BsonValue
  readonly seq: number
}

interface AtMod {
  readonly mod: Mod
  readonly depth: number
}

// -----------------------------------------------------------------------------------------
// Field-name order of the server's sorted iterator (`lexNumCmp`): digit runs compare as
// numbers and sort after any other character.

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/** `lexNumCmp` on two field names. */
export function lexNumCompare(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  let i = 0
  let j = 0
  while (i < x.length && j < y.length) {
    const p1 = x[i] === 255
    const p2 = y[j] === 255
    if (p1 && !p2) return 1
    if (!p1 && p2) return -1
    const n1 = isDigit(x[i]!)
    const n2 = isDigit(y[j]!)
    if (n1 && n2) {
      let z1 = 0
      let z2 = 0
      while (x[i] === 48) {
        i++
        z1++
      }
      while (y[j] === 48) {
        j++
        z2++
      }
      let e1 = i
      let e2 = j
      while (e1 < x.length && isDigit(x[e1]!)) e1++
      while (e2 < y.length && isDigit(y[e2]!)) e2++
      const l1 = e1 - i
      const l2 = e2 - j
      if (l1 !== l2) return l1 > l2 ? 1 : -1
      const c = Buffer.compare(x.subarray(i, e1), y.subarray(j, e2))
      if (c !== 0) return c
      if (z1 !== z2) return z1 < z2 ? 1 : -1
      i = e1
      j = e2
      continue
    }
    if (n1) return 1
    if (n2) return -1
    if (x[i]! !== y[j]!) return x[i]! > y[j]! ? 1 : -1
    i++
    j++
  }
  if (i < x.length) return 1
  if (j < y.length) return -1
  return 0
}

// -----------------------------------------------------------------------------------------
// Parsing.

function checkFieldName(path: string): void {
  if (path === '') throw new SdbFault(-10, 'empty field name')
  for (const p of path.split('.')) {
    if (p === '') throw invalid(`invalid field name ${path}`)
    if (p.startsWith('$')) throw invalid(`invalid field name ${path}`)
  }
}

function isInteger(v: BsonValue): boolean {
  const t = typeCode(v)
  return t === T.Int32 || t === T.Int64
}

function validateArg(op: Op, path: string, arg: BsonValue): void {
  switch (op) {
    case '$inc':
      if (!toNum(arg)) throw invalid(`$inc of ${path} needs a number`)
      return
    case '$push_all':
    case '$pull_all':
    case '$pull_all_by':
    case '$addtoset':
      if (!Array.isArray(arg)) throw invalid(`${op} of ${path} needs an array`)
      return
    case '$pop':
      if (!toNum(arg)) throw invalid(`$pop of ${path} needs a number`)
      return
    case '$rename':
      if (typeof arg !== 'string' || arg === '' || arg.includes('.') || arg.startsWith('$')) {
        throw invalid(`$rename of ${path} needs a plain field name`)
      }
      return
    case '$bitand':
    case '$bitor':
    case '$bitxor':
    case '$bitnot':
      if (!isInteger(arg)) throw invalid(`${op} of ${path} needs an integer`)
      return
    case '$bit': {
      if (!isDoc(arg)) throw invalid(`$bit of ${path} needs an object`)
      const e = entriesOf(arg)
      if (e.length === 0) throw invalid(`$bit of ${path} needs an operation`)
      for (const [k, v] of e) {
        if (!['and', 'or', 'xor', 'not'].includes(k) || !isInteger(v)) throw invalid(`$bit of ${path}: bad ${k}`)
      }
      return
    }
    default:
      return
  }
}

/** A compiled update rule. */
export interface CompiledUpdate {
  /** Applies the rule to a stored document. `modified` is what ModifiedNum counts. */
  apply(doc: BsonDocument): { doc: BsonDocument; modified: boolean }
  /**
   * The document an upsert inserts when nothing matched: the condition's equality fields,
   * then the rule and `setOnInsert`; a missing `_id` gets a new ObjectId placed first.
   */
  upsertDocument(condition: BsonDocument | null | undefined, newId?: () => BsonValue): BsonDocument
}

/** Compiles an update rule (with an optional `$setOnInsert` document, as the hint carries it). */
export function compileUpdate(rule: BsonDocument, setOnInsert?: BsonDocument | null): CompiledUpdate {
  if (!isDoc(rule)) throw invalid('the rule must be an object')
  const mods: Mod[] = []
  let replacement: BsonDocument | undefined
  let onInsert: BsonDocument | undefined = setOnInsert ?? undefined
  let seq = 0
  for (const [op, arg] of entriesOf(rule)) {
    if (!(OPS as readonly string[]).includes(op)) throw invalid(`unknown update operator ${op}`)
    if (!isDoc(arg)) throw invalid(`${op} needs an object`)
    if (op === '$replace') {
      replacement = arg
      continue
    }
    if (op === '$setOnInsert') {
      onInsert = arg
      continue
    }
    for (const [path, v] of entriesOf(arg)) {
      checkFieldName(path)
      validateArg(op as Op, path, v)
      mods.push({ op: op as Op, path, parts: splitPath(path), arg: v, seq: seq++ })
    }
  }
  const sorted = sortMods(mods)
  const insertMods = onInsert ? sortMods([...mods, ...entriesOf(onInsert).map(([path, v]): Mod => {
    checkFieldName(path)
    return { op: '$set', path, parts: splitPath(path), arg: v, seq: seq++ }
  })]) : sorted

  const apply = (doc: BsonDocument): { doc: BsonDocument; modified: boolean } => {
    if (replacement) {
      const out = replaceDoc(doc, replacement)
      return identical(out, doc) ? { doc, modified: false } : { doc: out, modified: true }
    }
    const r = applyToDoc(doc, sorted.map((mod) => ({ mod, depth: 0 })))
    return r.changed ? { doc: r.doc, modified: true } : { doc, modified: false }
  }

  return {
    apply,
    upsertDocument(condition, newId = () => new ObjectId()) {
      const eqMods = equalityFields(condition).map(([path, v], i): Mod => ({
        op: '$set',
        path,
        parts: splitPath(path),
        arg: v,
        seq: -1000000 + i,
      }))
      let base = applyToDoc({}, sortMods(eqMods).map((mod) => ({ mod, depth: 0 }))).doc
      if (replacement) {
        const id = base._id
        base = replaceDoc(id === undefined ? {} : { _id: id }, replacement)
      } else {
        base = applyToDoc(base, insertMods.map((mod) => ({ mod, depth: 0 }))).doc
      }
      if (base._id === undefined) return makeDoc([['_id', newId()], ...entriesOf(base)])
      return base
    },
  }
}

function sortMods(mods: Mod[]): Mod[] {
  return mods.slice().sort((a, b) => {
    const n = Math.min(a.parts.length, b.parts.length)
    for (let i = 0; i < n; i++) {
      const c = lexNumCompare(a.parts[i]!, b.parts[i]!)
      if (c !== 0) return c
    }
    return a.parts.length - b.parts.length || a.seq - b.seq
  })
}

function replaceDoc(doc: BsonDocument, replacement: BsonDocument): BsonDocument {
  const id = Object.hasOwn(replacement, '_id') ? replacement._id : doc._id
  const rest = entriesOf(replacement).filter(([k]) => k !== '_id').map(([k, v]): [string, BsonValue] => [k, clone(v)])
  return makeDoc(id === undefined ? rest : [['_id', id], ...rest])
}

// -----------------------------------------------------------------------------------------
// Applying.

interface OpResult {
  readonly value: BsonValue
  readonly changed: boolean
}

const same = (value: BsonValue): OpResult => ({ value, changed: false })

function incValue(cur: BsonValue, arg: BsonValue): OpResult {
  const by = toNum(arg)!
  if (cur === undefined) return { value: clone(arg), changed: true }
  const a = toNum(cur)
  if (!a) return same(cur)
  // Adding zero leaves the record unmodified (`mthModifierInc`).
  const zero = by.k === 'decimal' ? (by.v?.isZero() ?? false) : numToNumber(by) === 0
  if (zero) return same(cur)
  return { value: incNumbers(a, by, cur), changed: true }
}

function withPrecision(d: Dec, like: BsonValue): BsonValue {
  if (like instanceof SdbDecimal && like.precision !== undefined && like.scale !== undefined) {
    try {
      return SdbDecimal.fromString(d.toString(), like.precision, like.scale)
    } catch {
      return decimal(d)
    }
  }
  return decimal(d)
}

function incNumbers(a: Num, b: Num, cur: BsonValue): BsonValue {
  if (a.k === 'decimal' || b.k === 'decimal') {
    const x = numToDec(a)
    const y = numToDec(b)
    if (!x || !y) return cur
    return withPrecision(x.add(y), a.k === 'decimal' ? cur : undefined)
  }
  if (a.k === 'double' || b.k === 'double') return double(numToNumber(a) + numToNumber(b))
  const x = numToBigInt(a)!
  const y = numToBigInt(b)!
  const sum = x + y
  // Two int32s wrap around, as the real v6.0 server answered (corpus u129/u130).
  if (a.k === 'int32' && b.k === 'int32') return int32(Number(BigInt.asIntN(32, sum)))
  if (!fitsInt64(sum)) return decimal(Dec.fromBigInt(sum))
  // With an int64 involved an int32 field stays int32 when the result fits.
  if (a.k === 'int32' && fitsInt32(sum)) return int32(Number(sum))
  return int64(sum)
}

function bitValue(op: string, cur: BsonValue, arg: BsonValue): OpResult {
  if (cur === undefined) return op === 'not' ? same(cur) : { value: clone(arg), changed: true }
  if (!isInteger(cur)) return same(cur)
  const x = numToBigInt(toNum(cur)!)!
  const y = numToBigInt(toNum(arg)!)!
  let r: bigint
  switch (op) {
    case 'and':
      r = x & y
      break
    case 'or':
      r = x | y
      break
    case 'xor':
      r = x ^ y
      break
    default:
      r = ~x
  }
  const long = typeCode(cur) === T.Int64 || typeCode(arg) === T.Int64
  return { value: long ? int64(r) : int32(Number(BigInt.asIntN(32, r))), changed: true }
}

// `_pullElementMatch`: a document argument of $pull_by / $pull_all_by matches the elements
// that have its fields with equal values; otherwise the element must equal the argument.
function pullMatches(element: BsonValue, arg: BsonValue, partial: boolean): boolean {
  if (!isDoc(arg) || !partial) return compareValues(element, arg) === 0
  if (!isDoc(element)) return false
  return entriesOf(arg).every(([k, v]) => Object.hasOwn(element, k) && compareValues(element[k], v) === 0)
}

function containsEqual(arr: readonly BsonValue[], v: BsonValue): boolean {
  return arr.some((e) => compareValues(e, v) === 0)
}

function applyOp(mod: Mod, cur: BsonValue): OpResult {
  const arg = mod.arg
  switch (mod.op) {
    case '$set':
      if (cur !== undefined && typeCode(cur) === typeCode(arg) && compareValues(cur, arg) === 0) return same(cur)
      return { value: clone(arg), changed: true }
    case '$unset':
      return cur === undefined ? same(cur) : { value: undefined, changed: true }
    case '$inc':
      return incValue(cur, arg)
    case '$push':
      if (cur === undefined) return { value: [clone(arg)], changed: true }
      return Array.isArray(cur) ? { value: [...cur, clone(arg)], changed: true } : same(cur)
    case '$push_all': {
      const add = (arg as BsonValue[]).map(clone)
      if (cur === undefined) return { value: add, changed: true }
      return Array.isArray(cur) ? { value: [...cur, ...add], changed: add.length > 0 } : same(cur)
    }
    case '$pull':
    case '$pull_all':
    case '$pull_by':
    case '$pull_all_by': {
      if (!Array.isArray(cur)) return same(cur)
      const drop = mod.op === '$pull' || mod.op === '$pull_by' ? [arg] : (arg as BsonValue[])
      const partial = mod.op === '$pull_by' || mod.op === '$pull_all_by'
      const kept = cur.filter((e) => !drop.some((d) => pullMatches(e, d, partial)))
      return kept.length === cur.length ? same(cur) : { value: kept, changed: true }
    }
    case '$pop': {
      if (!Array.isArray(cur) || cur.length === 0) return same(cur)
      const n = Math.trunc(numToNumber(toNum(arg)!))
      if (n === 0) return same(cur)
      const value = n > 0 ? cur.slice(0, Math.max(cur.length - n, 0)) : cur.slice(Math.min(-n, cur.length))
      return { value, changed: true }
    }
    case '$addtoset': {
      const base = cur === undefined ? [] : cur
      if (!Array.isArray(base)) return same(cur)
      const out = base.slice()
      let changed = cur === undefined
      for (const v of arg as BsonValue[]) {
        if (!containsEqual(out, v)) {
          out.push(clone(v))
          changed = true
        }
      }
      return changed ? { value: out, changed: true } : same(cur)
    }
    case '$bitand':
      return bitValue('and', cur, arg)
    case '$bitor':
      return bitValue('or', cur, arg)
    case '$bitxor':
      return bitValue('xor', cur, arg)
    case '$bitnot':
      return bitValue('not', cur, arg)
    case '$bit': {
      let v = cur
      let changed = false
      for (const [k, x] of entriesOf(arg as BsonDocument)) {
        const r = bitValue(k, v, x)
        v = r.value
        changed ||= r.changed
      }
      return { value: v, changed }
    }
    case '$rename':
      return same(cur)
  }
}

interface BuildResult {
  readonly doc: BsonDocument
  readonly changed: boolean
}

function groupByPart(mods: readonly AtMod[]): Map<string, AtMod[]> {
  const groups = new Map<string, AtMod[]>()
  for (const m of mods) {
    const p = m.mod.parts[m.depth]!
    const g = groups.get(p)
    if (g) g.push(m)
    else groups.set(p, [m])
  }
  return groups
}

// Applies the modifiers on one field (existing value `cur`, maybe missing).
function applyField(cur: BsonValue, ms: readonly AtMod[]): { value: BsonValue; changed: boolean; rename?: string } {
  const terminal = ms.filter((m) => m.mod.parts.length === m.depth + 1)
  if (terminal.length > 0) {
    let v = cur
    let changed = false
    let rename: string | undefined
    for (const m of terminal) {
      if (m.mod.op === '$rename') {
        if (v !== undefined) {
          rename = m.mod.arg as string
          changed = true
        }
        continue
      }
      const r = applyOp(m.mod, v)
      v = r.value
      changed ||= r.changed
    }
    return rename === undefined ? { value: v, changed } : { value: v, changed, rename }
  }
  const deeper = ms.map((m) => ({ mod: m.mod, depth: m.depth + 1 }))
  if (cur === undefined) {
    if (!deeper.some((m) => CREATING.has(m.mod.op))) return { value: undefined, changed: false }
    const r = applyToDoc({}, deeper)
    return r.changed ? { value: r.doc, changed: true } : { value: undefined, changed: false }
  }
  if (isDoc(cur)) {
    // A document on a modifier's path is rebuilt sorted even when that modifier is a no-op;
    // if nothing changes at all, the caller keeps the original document anyway.
    const r = applyToDoc(cur, deeper)
    return { value: r.doc, changed: r.changed }
  }
  if (Array.isArray(cur)) return applyToArray(cur, deeper)
  return { value: cur, changed: false }
}

function applyToDoc(obj: BsonDocument, mods: readonly AtMod[]): BuildResult {
  const groups = groupByPart(mods)
  const existing = keysOf(obj)
  const names = new Set(existing)
  const keys = [...existing, ...[...groups.keys()].filter((k) => !names.has(k))].sort(lexNumCompare)
  const out: [string, BsonValue][] = []
  let changed = false
  for (const k of keys) {
    const ms = groups.get(k)
    const cur = names.has(k) ? obj[k] : undefined
    if (!ms) {
      out.push([k, cur])
      continue
    }
    const r = applyField(cur, ms)
    if (r.rename !== undefined) {
      if (names.has(r.rename)) throw invalid(`cannot rename ${k} to ${r.rename}: the field exists`)
    }
    changed ||= r.changed
    if (r.value !== undefined) out.push([r.rename ?? k, r.value])
  }
  return { doc: makeDoc(out), changed }
}

function applyToArray(arr: readonly BsonValue[], mods: readonly AtMod[]): { value: BsonValue; changed: boolean } {
  const groups = groupByPart(mods)
  const out = arr.slice()
  let changed = false
  const numeric = [...groups.keys()].filter(isIndex).sort((a, b) => Number(a) - Number(b))
  for (const [k, ms] of groups) {
    // A named field inside an array: $set reports a change without storing anything.
    if (!isIndex(k) && ms.some((m) => m.mod.op === '$set')) changed = true
  }
  for (const k of numeric) {
    const idx = Number(k)
    const ms = groups.get(k)!
    if (idx < out.length) {
      const r = applyField(out[idx], ms)
      if (r.changed) {
        out[idx] = r.value === undefined ? null : r.value
        changed = true
      } else if (r.value !== undefined) {
        out[idx] = r.value
      }
      continue
    }
    const r = applyField(undefined, ms)
    if (r.changed && r.value !== undefined) {
      while (out.length < idx) out.push(null)
      out.push(r.value)
      changed = true
    }
  }
  return { value: out, changed }
}
