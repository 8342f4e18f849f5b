/**
 * orderBy: keys are extracted as an index would (an array field gives one key per element, an
 * empty array gives `[]`), ascending uses the smallest key and descending the largest.
 */
import { compareValues } from './compare.js'
import { SdbFault } from './fault.js'
import { isIndex, splitPath } from './path.js'
import { entriesOf, isDoc, numToNumber, toNum } from './values.js'
import type { BsonDocument, BsonValue } from './values.js'

/** One field of a sort specification. */
export interface SortField {
  readonly path: string
  readonly parts: readonly string[]
  /** 1 ascending, -1 descending. */
  readonly dir: 1 | -1
}

/** Parses `{a: 1, b: -1}`; anything but 1 or -1 is -6. */
export function parseSort(spec: BsonDocument | null | undefined): SortField[] {
  if (spec === null || spec === undefined) return []
  if (!isDoc(spec)) throw new SdbFault(-6, 'orderBy must be an object')
  return entriesOf(spec).map(([path, v]) => {
    const n = toNum(v)
    const d = n ? numToNumber(n) : NaN
    if (d !== 1 && d !== -1) throw new SdbFault(-6, `invalid sort direction for ${path}`)
    return { path, parts: splitPath(path), dir: d }
  })
}

function keysAt(v: BsonValue, parts: readonly string[], i: number, out: BsonValue[]): void {
  if (i === parts.length) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push([])
      else out.push(...v)
    } else out.push(v)
    return
  }
  const p = parts[i]!
  if (isDoc(v)) {
    if (Object.hasOwn(v, p)) keysAt(v[p], parts, i + 1, out)
    else out.push(undefined)
    return
  }
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push([])
      return
    }
    const before = out.length
    if (isIndex(p) && Number(p) < v.length) keysAt(v[Number(p)], parts, i + 1, out)
    for (const el of v) if (isDoc(el) && Object.hasOwn(el, p)) keysAt(el[p], parts, i + 1, out)
    if (out.length === before) out.push(undefined)
    return
  }
  out.push(undefined)
}

/** The index keys a document has for a path (never empty; `undefined` stands for missing). */
export function keysForPath(doc: BsonDocument, parts: readonly string[]): BsonValue[] {
  const out: BsonValue[] = []
  keysAt(doc, parts, 0, out)
  return out
}

/** The key a document sorts by on one field and direction. */
export function sortKey(doc: BsonDocument, field: SortField): BsonValue {
  const keys = keysForPath(doc, field.parts)
  let best = keys[0]
  for (let i = 1; i < keys.length; i++) {
    const c = compareValues(keys[i], best)
    if (field.dir === 1 ? c < 0 : c > 0) best = keys[i]
  }
  return best
}

/** Sorts items (stable) by the documents they carry. */
export function sortBy<X>(items: readonly X[], fields: readonly SortField[], docOf: (x: X) => BsonDocument): X[] {
  if (fields.length === 0) return items.slice()
  const keyed = items.map((x, i) => ({ x, i, k: fields.map((f) => sortKey(docOf(x), f)) }))
  keyed.sort((a, b) => {
    for (let j = 0; j < fields.length; j++) {
      const c = compareValues(a.k[j], b.k[j])
      if (c !== 0) return fields[j]!.dir === 1 ? c : -c
    }
    return a.i - b.i
  })
  return keyed.map((e) => e.x)
}

/** Sorts documents by a parsed sort specification. */
export function sortDocuments(docs: readonly BsonDocument[], fields: readonly SortField[]): BsonDocument[] {
  return sortBy(docs, fields, (d) => d)
}

/** Applies skip and limit (limit -1 or undefined: no limit). */
export function skipLimit<X>(items: readonly X[], skip = 0, limit = -1): X[] {
  const start = Math.max(0, skip)
  return limit < 0 ? items.slice(start) : items.slice(start, start + limit)
}
