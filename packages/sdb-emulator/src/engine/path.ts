/**
 * Dotted paths: `a.b.c` walks embedded documents, goes through arrays of documents, and takes a
 * numeric component as an array position (or as a field named "0" in a document).
 */
import { isDoc } from './values.js'
import type { BsonDocument, BsonValue } from './values.js'

/** A value a path reaches; `expand` says the matcher may also look inside it (array elements). */
export interface Candidate {
  readonly v: BsonValue
  readonly expand: boolean
}

const INDEX = /^(0|[1-9]\d*)$/

export function isIndex(part: string): boolean {
  return INDEX.test(part)
}

/** Splits a dotted field name. */
export function splitPath(path: string): string[] {
  return path.split('.')
}

function collect(v: BsonValue, parts: readonly string[], i: number, viaName: boolean, out: Candidate[]): void {
  if (i === parts.length) {
    if (v !== undefined) out.push({ v, expand: viaName && Array.isArray(v) })
    return
  }
  const p = parts[i]!
  if (isDoc(v)) {
    if (Object.hasOwn(v, p)) collect(v[p], parts, i + 1, true, out)
    return
  }
  if (Array.isArray(v)) {
    if (isIndex(p)) {
      const idx = Number(p)
      if (idx < v.length) collect(v[idx], parts, i + 1, false, out)
    }
    for (const el of v) {
      if (isDoc(el) && Object.hasOwn(el, p)) collect(el[p], parts, i + 1, true, out)
    }
  }
}

/** Every value a dotted path reaches in a document (empty when the field is missing). */
export function candidates(doc: BsonDocument, parts: readonly string[]): Candidate[] {
  const out: Candidate[] = []
  collect(doc, parts, 0, true, out)
  return out
}

/** The value at a path without going through arrays (except by numeric position). */
export function getPath(doc: BsonValue, parts: readonly string[]): BsonValue {
  let cur: BsonValue = doc
  for (const p of parts) {
    if (isDoc(cur)) {
      cur = Object.hasOwn(cur, p) ? cur[p] : undefined
    } else if (Array.isArray(cur) && isIndex(p)) {
      cur = cur[Number(p)]
    } else {
      return undefined
    }
    if (cur === undefined) return undefined
  }
  return cur
}

/**
 * The value at a path as `$project` and SQL read it: through documents, and through arrays of
 * documents as an array of the sub-values.
 */
export function projectPath(doc: BsonValue, parts: readonly string[], i = 0): BsonValue {
  if (i === parts.length) return doc
  const p = parts[i]!
  if (isDoc(doc)) return Object.hasOwn(doc, p) ? projectPath(doc[p], parts, i + 1) : undefined
  if (Array.isArray(doc)) {
    if (isIndex(p)) return projectPath(doc[Number(p)], parts, i + 1)
    const out: BsonValue[] = []
    for (const el of doc) {
      if (!isDoc(el)) continue
      const x = projectPath(el, parts, i)
      if (x !== undefined) out.push(x)
    }
    return out
  }
  return undefined
}
