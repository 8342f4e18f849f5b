/**
 * Keyset paging over typed-JSON queries. A page token carries the sort key of the last document
 * of the previous page (the `orderBy` fields, then `_id`), so the next page is a range query
 * that starts where the last one stopped instead of skipping N documents: page 1,000 costs what
 * page 1 costs. Everything here works on typed JSON (plain JSON), never on BSON values.
 *
 * SequoiaDB's `$gt`/`$lt` compare within one type bracket, so the range also selects the later
 * type brackets with `$type` (and null/missing explicitly). Known limit: array-valued sort fields
 * sort by an element, which no range expresses exactly; such documents may repeat across pages.
 */
import { createHash } from 'node:crypto'

/** A JSON object (typed JSON document). */
export type JsonObject = Record<string, unknown>

/** Sort order as the API takes it. */
export type OrderBy = Readonly<Record<string, 1 | -1>>

/** What a page token remembers. */
export interface PageCursor {
  /** Fingerprint of the query (condition, orderBy, selector, hint): a token only fits its query. */
  readonly query: string
  /** Keyset mode: the typed-JSON values of the sort fields of the last document, `null` = field missing. */
  readonly keys?: readonly ({ readonly v: unknown } | null)[]
  /** Offset mode, only when the selector rewrites a sort field (see `planSelector`). */
  readonly offset?: number
}

/** A token that is not ours, or belongs to another query. */
export class InvalidPageTokenError extends Error {
  override readonly name = 'InvalidPageTokenError'
}

/** The effective sort: the caller's fields, then `_id` in the direction of the last field. */
export function effectiveOrder(orderBy: OrderBy | undefined): [string, 1 | -1][] {
  const fields = Object.entries(orderBy ?? {})
  if (!fields.some(([f]) => f === '_id')) {
    const last = fields.at(-1)
    fields.push(['_id', last ? last[1] : 1])
  }
  return fields
}

/** Stable fingerprint of the parts of a query that decide its order and content. */
export function queryFingerprint(parts: { condition?: unknown; orderBy?: unknown; selector?: unknown; hint?: unknown }): string {
  const text = JSON.stringify([parts.condition ?? {}, parts.orderBy ?? {}, parts.selector ?? {}, parts.hint ?? {}])
  return createHash('sha256').update(text).digest('base64url').slice(0, 16)
}

/** Encodes a cursor as an opaque URL-safe token. */
export function encodePageToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify({ ...cursor, t: 1 }), 'utf8').toString('base64url')
}

/** Decodes a token and checks it belongs to the query with fingerprint `query`. */
export function decodePageToken(token: string, query: string): PageCursor {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    throw new InvalidPageTokenError('pageToken is not a token this server issued')
  }
  if (!isObject(parsed) || parsed.t !== 1 || typeof parsed.query !== 'string') {
    throw new InvalidPageTokenError('pageToken is not a token this server issued')
  }
  if (parsed.query !== query) {
    throw new InvalidPageTokenError('pageToken belongs to a different query (condition, orderBy, selector or hint changed)')
  }
  if (typeof parsed.offset === 'number' && Number.isSafeInteger(parsed.offset) && parsed.offset >= 0) {
    return { query, offset: parsed.offset }
  }
  const keys = parsed.keys
  if (!Array.isArray(keys) || !keys.every((k) => k === null || (isObject(k) && 'v' in k))) {
    throw new InvalidPageTokenError('pageToken is damaged')
  }
  return { query, keys: keys as PageCursor['keys'] }
}

/** Reads a dotted path of a typed-JSON document; `undefined` when a step is missing. */
export function readPath(doc: JsonObject, path: string): unknown {
  let cur: unknown = doc
  for (const step of path.split('.')) {
    if (!isObject(cur) || !Object.hasOwn(cur, step)) return undefined
    cur = cur[step]
  }
  return cur
}

/** The sort key of a document (typed JSON), ready for a page token. */
export function sortKeyOf(doc: JsonObject, order: readonly [string, 1 | -1][]): ({ v: unknown } | null)[] {
  return order.map(([field]) => {
    const v = readPath(doc, field)
    return v === undefined ? null : { v }
  })
}

/**
 * The condition that selects documents strictly after `keys` in `order`:
 * (k1 > v1) or (k1 = v1 and k2 > v2) or ... A missing value sorts first, so "after missing" is
 * "exists", and "equal to missing" is "does not exist".
 */
export function keysetCondition(order: readonly [string, 1 | -1][], keys: readonly ({ readonly v: unknown } | null)[]): JsonObject {
  if (keys.length !== order.length) throw new InvalidPageTokenError('pageToken does not fit this sort order')
  const branches: JsonObject[] = []
  for (let i = 0; i < order.length; i++) {
    const parts: JsonObject[] = []
    for (let j = 0; j < i; j++) parts.push(equalTo(order[j]![0], keys[j]!))
    // The `_id` tie-breaker stays a plain range so the $id index keeps serving deep pages.
    const after = afterValue(order[i]![0], order[i]![1], keys[i]!, order[i]![0] !== '_id')
    if (after === undefined) continue
    parts.push(after)
    branches.push(parts.length === 1 ? parts[0]! : { $and: parts })
  }
  if (branches.length === 0) return { _id: { $exists: 0 } }
  return branches.length === 1 ? branches[0]! : { $or: branches }
}

function equalTo(field: string, key: { readonly v: unknown } | null): JsonObject {
  if (key === null) return { [field]: { $exists: 0 } }
  if (key.v === null) return { $and: [{ [field]: { $exists: 1 } }, { [field]: { $isnull: 1 } }] }
  return { [field]: { $et: key.v } }
}

/**
 * SequoiaDB's sort order across types (missing < null < numbers < strings < objects < arrays <
 * binary < ObjectId < booleans < dates < timestamps < regexes), as BSON type numbers per
 * bracket. `$gt`/`$lt` only compare within a bracket, so the brackets beyond the last key are
 * selected by `$type`.
 */
const typeBrackets: readonly (readonly number[])[] = [[1, 16, 18, 100], [2, 14], [3], [4], [5], [7], [8], [9], [17], [11]]

function bracketOf(v: unknown): number | undefined {
  if (typeof v === 'string') return 1
  if (typeof v === 'boolean') return 6
  if (Array.isArray(v)) return 3
  if (typeof v !== 'object' || v === null) return undefined
  const tag = Object.keys(v)[0]
  switch (tag) {
    case '$numberInt':
    case '$numberLong':
    case '$numberDouble':
    case '$decimal':
      return 0
    case '$binary':
      return 4
    case '$oid':
      return 5
    case '$date':
      return 7
    case '$timestamp':
      return 8
    case '$regularExpression':
      return 9
    case '$minKey':
    case '$maxKey':
      return undefined
    default:
      return 2
  }
}

function typeBranches(field: string, brackets: readonly (readonly number[])[]): JsonObject[] {
  return brackets.flat().map((t) => ({ [field]: { $type: 1, $et: t } }))
}

function afterValue(field: string, dir: 1 | -1, key: { readonly v: unknown } | null, crossTypes: boolean): JsonObject | undefined {
  if (key === null) {
    // Missing sorts first: ascending, everything that exists comes after; descending, nothing.
    return dir === 1 ? { [field]: { $exists: 1 } } : undefined
  }
  if (key.v === null) {
    // null sorts right after missing.
    return dir === 1 ? { [field]: { $isnull: 0 } } : { [field]: { $exists: 0 } }
  }
  const same = { [field]: { [dir === 1 ? '$gt' : '$lt']: key.v } }
  const b = crossTypes ? bracketOf(key.v) : undefined
  if (b === undefined) return same
  const others = dir === 1 ? typeBranches(field, typeBrackets.slice(b + 1)) : [{ [field]: { $isnull: 1 } }, ...typeBranches(field, typeBrackets.slice(0, b))]
  return others.length === 0 ? same : { $or: [same, ...others] }
}

/** Combines the caller's condition with the keyset range. */
export function andConditions(a: JsonObject | undefined, b: JsonObject | undefined): JsonObject {
  const parts = [a, b].filter((c): c is JsonObject => c !== undefined && Object.keys(c).length > 0)
  if (parts.length === 0) return {}
  if (parts.length === 1) return parts[0]!
  return { $and: parts }
}

/** How a caller's selector is sent so that the sort key can still be read from each result. */
export interface SelectorPlan {
  /** The selector to send (undefined = none). */
  readonly selector: JsonObject | undefined
  /** Fields the server returns only for paging; removed before the page goes out. */
  readonly added: readonly string[]
  /** The selector rewrites or drops a sort field: keyset is impossible, page by offset. */
  readonly offsetOnly: boolean
}

/**
 * Plans the selector. SequoiaDB's selector has three shapes: inclusion (`{a: 1}`, `{a:
 * {$include: 1}}`, `{a: {$default: x}}`: only those fields come back), exclusion (`{a: {$include:
 * 0}}`), and rewrites (`$slice`, `$add`, `$cast`, ... change a field and keep the rest).
 */
export function planSelector(selector: JsonObject | undefined, order: readonly [string, 1 | -1][]): SelectorPlan {
  if (selector === undefined || Object.keys(selector).length === 0) return { selector: undefined, added: [], offsetOnly: false }
  const sortFields = order.map(([f]) => f)
  const inclusion = Object.values(selector).some((v) => isInclusionValue(v))
  let offsetOnly = false
  for (const key of Object.keys(selector)) {
    for (const f of sortFields) {
      if (overlaps(key, f)) {
        const value = selector[key]
        // Only a verbatim include keeps the sort value as stored.
        const verbatim = isObject(value) && Object.keys(value).length === 1 && isIncludeOne(value.$include)
        if (!verbatim || key !== f) offsetOnly = true
      }
    }
  }
  if (offsetOnly || !inclusion) return { selector, added: [], offsetOnly }
  const added = sortFields.filter((f) => !Object.keys(selector).some((k) => overlaps(k, f)))
  const out: JsonObject = { ...selector }
  for (const f of added) out[f] = { $include: { $numberInt: '1' } }
  return { selector: out, added, offsetOnly: false }
}

/** Removes the fields `planSelector` added (and parents left empty by that). */
export function stripAdded(doc: JsonObject, added: readonly string[]): JsonObject {
  if (added.length === 0) return doc
  const out = structuredClone(doc)
  for (const path of added) {
    const steps = path.split('.')
    const chain: JsonObject[] = [out]
    let cur: unknown = out
    for (const step of steps.slice(0, -1)) {
      if (!isObject(cur)) break
      cur = cur[step]
      if (isObject(cur)) chain.push(cur)
    }
    if (chain.length !== steps.length) continue
    Reflect.deleteProperty(chain.at(-1)!, steps.at(-1)!)
    for (let i = chain.length - 1; i > 0; i--) {
      if (Object.keys(chain[i]!).length === 0) Reflect.deleteProperty(chain[i - 1]!, steps[i - 1]!)
      else break
    }
  }
  return out
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)
}

function isIncludeOne(v: unknown): boolean {
  if (typeof v === 'number') return v !== 0
  if (isObject(v)) {
    const n = v.$numberInt ?? v.$numberLong ?? v.$numberDouble
    return typeof n === 'string' && Number(n) !== 0
  }
  return v === true
}

function isInclusionValue(v: unknown): boolean {
  if (!isObject(v)) return true
  const keys = Object.keys(v)
  if (keys.length === 0) return true
  const first = keys[0]!
  if (!first.startsWith('$')) return true
  if (first === '$include') return isIncludeOne(v.$include)
  if (first === '$default') return true
  // A typed-JSON scalar used as a default value ({"$numberInt":"1"}, {"$date":..}) also includes.
  return ['$numberInt', '$numberLong', '$numberDouble', '$decimal', '$date', '$oid', '$timestamp', '$binary', '$regularExpression', '$minKey', '$maxKey'].includes(first)
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
