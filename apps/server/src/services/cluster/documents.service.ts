/**
 * Documents of one collection: keyset-paged queries, counts, explain, insert, replace by `_id`,
 * update and delete by condition with a dry-run count, export and import. No req/res here.
 */
import type { DocumentQueryBody, DocumentQueryResponse } from '@canopy/api-contract'
import { toIntegerString } from './bson-values.js'
import { badRequest, notFound } from './errors.js'
import {
  InvalidPageTokenError,
  andConditions,
  decodePageToken,
  effectiveOrder,
  encodePageToken,
  keysetCondition,
  planSelector,
  queryFingerprint,
  sortKeyOf,
  stripAdded,
} from './keyset.js'
import type { JsonObject, PageCursor } from './keyset.js'
import type { CallOptions, CollectionPort, Doc, SdbPort } from './sdb-port.js'
import { toDoc, toJsonDoc, toJsonValue, toOptionalDoc, toValue } from './typed.js'

/** Default and largest page size. */
export const DEFAULT_PAGE_SIZE = 50
/** Default server-side time limit of a query, in ms. */
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000

/**
 * A page of query results. The documents stay as the driver decoded them, for the route to write
 * as typed JSON in one pass; they are typed JSON already when the query added sort fields to the
 * selector for paging and they had to be taken out again.
 */
export interface DocumentPage extends Omit<DocumentQueryResponse, 'documents'> {
  readonly documents: { readonly decoded: readonly Doc[] } | { readonly typed: readonly JsonObject[] }
}

/** A collection named by its space and name. */
export interface CollectionRef {
  readonly cs: string
  readonly cl: string
}

function coll(port: SdbPort, ref: CollectionRef): CollectionPort {
  return port.collection(ref.cs, ref.cl)
}

// Statistics change slowly and the snapshot crosses every group, so the first page of many
// concurrent queries shares one read per collection for a short while.
const ESTIMATE_TTL_MS = 2000
const estimates = new WeakMap<SdbPort, Map<string, { at: number; value: Promise<string | null> }>>()

/** Records in a collection according to its statistics (`$snapshot collections`), or null. */
export function estimatedCount(port: SdbPort, ref: CollectionRef, options: CallOptions = {}): Promise<string | null> {
  let perPort = estimates.get(port)
  if (!perPort) {
    perPort = new Map()
    estimates.set(port, perPort)
  }
  const key = `${ref.cs}.${ref.cl}`
  const hit = perPort.get(key)
  if (hit && Date.now() - hit.at < ESTIMATE_TTL_MS) return hit.value
  const value = readEstimate(port, ref, { timeoutMs: options.timeoutMs })
  perPort.set(key, { at: Date.now(), value })
  if (perPort.size > 1000) perPort.delete(perPort.keys().next().value!)
  return value
}

/** Forgets a collection's cached estimate after a write through the console, so the next page counts it. */
function forgetEstimate(port: SdbPort, ref: CollectionRef): void {
  estimates.get(port)?.delete(`${ref.cs}.${ref.cl}`)
}

/**
 * The estimate never says fewer documents than the page itself proves: an unconditioned first
 * page that ends the collection is the exact count, one with more after it a lower bound.
 */
function atLeastSeen(estimate: string | null, unconditioned: boolean, skip: number, shown: number, hasMore: boolean): string | null {
  if (!unconditioned || (shown === 0 && skip > 0)) return estimate
  const seen = skip + shown
  if (!hasMore) return String(seen)
  if (estimate === null || BigInt(estimate) < BigInt(seen + 1)) return String(seen + 1)
  return estimate
}

async function readEstimate(port: SdbPort, ref: CollectionRef, options: CallOptions): Promise<string | null> {
  try {
    const docs = await port.snapshot('collections', { condition: { Name: `${ref.cs}.${ref.cl}` }, ...options })
    let total = 0n
    let seen = false
    for (const d of docs) {
      const details = Array.isArray(d.Details) ? (d.Details as unknown[]) : []
      for (const det of details) {
        const groups = isObj(det) && Array.isArray(det.Group) ? det.Group : [det]
        // Every replica reports the same records: count one node per group.
        const first: unknown = groups[0]
        if (isObj(first)) {
          const n = toIntegerString(first.TotalRecords)
          if (n !== undefined) {
            total += BigInt(n)
            seen = true
          }
        }
      }
    }
    return seen ? total.toString() : null
  } catch {
    return null
  }
}

/** One page of a query. */
export async function queryDocuments(port: SdbPort, ref: CollectionRef, body: DocumentQueryBody, signal?: AbortSignal): Promise<DocumentPage> {
  const limit = body.limit ?? DEFAULT_PAGE_SIZE
  const timeoutMs = body.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS
  const order = effectiveOrder(body.orderBy)
  const fingerprint = queryFingerprint({ condition: body.condition, orderBy: body.orderBy, selector: body.selector, hint: body.hint })
  let cursor: PageCursor | undefined
  if (body.pageToken !== undefined) {
    try {
      cursor = decodePageToken(body.pageToken, fingerprint)
    } catch (err) {
      if (err instanceof InvalidPageTokenError) throw badRequest(err.message, 'pageToken')
      throw err
    }
  }
  const plan = planSelector(body.selector, order)
  let conditionJson: JsonObject | undefined = body.condition
  // `skip` applies to the first page only; later pages continue from the token.
  let skip = cursor === undefined ? (body.skip ?? 0) : 0
  if (plan.offsetOnly) skip = cursor?.offset ?? skip
  else if (cursor?.keys) conditionJson = andConditions(conditionJson, keysetCondition(order, cursor.keys))

  const condition = toOptionalDoc(conditionJson, 'condition', 'operator')
  const selector = plan.selector === undefined ? undefined : toDoc(plan.selector, 'selector', 'value')
  const orderBy = Object.fromEntries(order)
  const hint = toOptionalDoc(body.hint, 'hint', 'value')
  const opts = { signal, timeoutMs }

  const collection = coll(port, ref)
  const exactPromise = body.exactCount === true ? collection.count({ condition: toOptionalDoc(body.condition, 'condition', 'operator'), hint, ...opts }) : undefined
  const estimatePromise = body.pageToken === undefined ? estimatedCount(port, ref, opts) : Promise.resolve(null)
  const docs: Doc[] = []
  const c = await collection.query({ condition, selector, orderBy, hint, skip, limit: limit + 1, ...opts })
  try {
    for await (const d of c) {
      docs.push(d)
      if (docs.length > limit) break
    }
  } finally {
    await c.close()
  }
  const hasMore = docs.length > limit
  const page = hasMore ? docs.slice(0, limit) : docs
  let nextPageToken: string | null = null
  if (hasMore) {
    nextPageToken = plan.offsetOnly
      ? encodePageToken({ query: fingerprint, offset: skip + limit })
      : encodePageToken({ query: fingerprint, keys: sortKeyOf(toJsonDoc(page.at(-1)!), order) })
  }
  const [exact, estimate] = await Promise.all([exactPromise, estimatePromise])
  return {
    documents: plan.added.length === 0 ? { decoded: page } : { typed: page.map((d) => stripAdded(toJsonDoc(d), plan.added)) },
    nextPageToken,
    estimatedCount: body.pageToken === undefined ? atLeastSeen(estimate, body.condition === undefined || Object.keys(body.condition).length === 0, skip, page.length, hasMore) : estimate,
    ...(exact === undefined ? {} : { exactCount: exact.toString() }),
  }
}

/** Exact count of the documents matching a condition. */
export async function countDocuments(port: SdbPort, ref: CollectionRef, body: { condition?: unknown; hint?: unknown }, signal?: AbortSignal): Promise<string> {
  const n = await coll(port, ref).count({
    condition: toOptionalDoc(body.condition, 'condition', 'operator'),
    hint: toOptionalDoc(body.hint, 'hint', 'value'),
    signal,
  })
  return n.toString()
}

/** The access plan the server would use. */
export async function explainQuery(
  port: SdbPort,
  ref: CollectionRef,
  body: { condition?: unknown; selector?: unknown; orderBy?: unknown; hint?: unknown; skip?: number | undefined; limit?: number | undefined; detail?: boolean | undefined },
  signal?: AbortSignal,
): Promise<Record<string, unknown>[]> {
  const plans = await coll(port, ref).explain({
    condition: toOptionalDoc(body.condition, 'condition', 'operator'),
    selector: toOptionalDoc(body.selector, 'selector', 'value'),
    orderBy: toOptionalDoc(body.orderBy, 'orderBy', 'value'),
    hint: toOptionalDoc(body.hint, 'hint', 'value'),
    skip: body.skip,
    limit: body.limit,
    detail: body.detail === true,
    signal,
  })
  return plans.map((p) => toJsonDoc(p))
}

/** Inserts one or many documents; returns their `_id`s in typed JSON. */
export async function insertDocuments(port: SdbPort, ref: CollectionRef, docsJson: readonly unknown[], continueOnDuplicate: boolean): Promise<{ inserted: number; ids: unknown[] }> {
  const docs = docsJson.map((d, i) => toDoc(d, docsJson.length === 1 ? 'document' : `documents.${i}`, 'value'))
  const { ids } = await coll(port, ref).insert(docs, { continueOnDuplicate })
  forgetEstimate(port, ref)
  return { inserted: ids.length, ids: ids.map((id) => toJsonValue(id)) }
}

/** Reads the `_id` given in a URL: typed JSON (`{"$oid":".."}`, `{"$numberInt":"5"}`), else a plain string. */
export function parseIdParam(raw: string): unknown {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return raw
  }
  return toValue(json, 'id')
}

async function findById(collection: CollectionPort, id: unknown): Promise<Doc | undefined> {
  const c = await collection.query({ condition: { _id: { $et: id } }, limit: 1 })
  try {
    for await (const d of c) return d
    return undefined
  } finally {
    await c.close()
  }
}

/**
 * Replaces the document with this `_id` by `documentJson` (its `_id`, if given, must be the
 * same). Returns the document before and after, for the audit log.
 */
export async function replaceDocument(port: SdbPort, ref: CollectionRef, rawId: string, documentJson: unknown): Promise<{ before: Record<string, unknown>; after: Record<string, unknown> }> {
  const id = parseIdParam(rawId)
  const doc = toDoc(documentJson, 'document', 'value')
  if ('_id' in doc && JSON.stringify(toJsonValue(doc._id)) !== JSON.stringify(toJsonValue(id))) {
    throw badRequest('document._id differs from the _id in the URL; _id cannot be changed', 'document._id')
  }
  const collection = coll(port, ref)
  const before = await findById(collection, id)
  if (!before) throw notFound(`No document with _id ${JSON.stringify(toJsonValue(id))} in ${ref.cs}.${ref.cl}`)
  const rest = Object.fromEntries(Object.entries(doc).filter(([k]) => k !== '_id'))
  await collection.update({ $replace: rest }, { condition: { _id: { $et: id } } })
  const after = await findById(collection, id)
  return { before: toJsonDoc(before), after: after ? toJsonDoc(after) : { _id: toJsonValue(id) } }
}

/** Most documents whose before/after images an update or delete keeps for the audit log. */
export const AUDIT_IMAGE_LIMIT = 100

/** Before/after images of a write for the audit log (`truncated`: more documents were touched). */
export interface WriteImages {
  readonly before: Record<string, unknown>[]
  readonly after?: Record<string, unknown>[]
  readonly truncated: boolean
}

async function firstMatches(collection: CollectionPort, condition: Doc | undefined, hint: Doc | undefined): Promise<Doc[]> {
  const c = await collection.query({ condition, hint, limit: AUDIT_IMAGE_LIMIT + 1 })
  const out: Doc[] = []
  try {
    for await (const d of c) out.push(d)
  } finally {
    await c.close()
  }
  return out
}

async function byIds(collection: CollectionPort, docs: readonly Doc[]): Promise<Doc[]> {
  if (docs.length === 0) return []
  const c = await collection.query({ condition: { _id: { $in: docs.map((d) => d._id) } }, limit: docs.length })
  const found: Doc[] = []
  try {
    for await (const d of c) found.push(d)
  } finally {
    await c.close()
  }
  // Keep the order of the before images.
  const key = (d: Doc) => JSON.stringify(toJsonValue(d._id))
  const byKey = new Map(found.map((d) => [key(d), d]))
  return docs.map((d) => byKey.get(key(d))).filter((d): d is Doc => d !== undefined)
}

/** Update by condition, or with `dryRun` only count what would match. */
export async function updateDocuments(
  port: SdbPort,
  ref: CollectionRef,
  body: { condition?: unknown; rule: unknown; hint?: unknown; dryRun?: boolean | undefined },
): Promise<{ result: { matched: string } | { updated: string; modified: string }; images?: WriteImages }> {
  const condition = toOptionalDoc(body.condition, 'condition', 'operator')
  const rule = toDoc(body.rule, 'rule', 'value')
  const hint = toOptionalDoc(body.hint, 'hint', 'value')
  const collection = coll(port, ref)
  if (body.dryRun === true) return { result: { matched: (await collection.count({ condition, hint })).toString() } }
  const before = await firstMatches(collection, condition, hint)
  const r = await collection.update(rule, { condition, hint })
  forgetEstimate(port, ref)
  const shown = before.slice(0, AUDIT_IMAGE_LIMIT)
  const after = await byIds(collection, shown)
  return {
    result: { updated: r.updated.toString(), modified: r.modified.toString() },
    images: { before: shown.map((d) => toJsonDoc(d)), after: after.map((d) => toJsonDoc(d)), truncated: before.length > AUDIT_IMAGE_LIMIT },
  }
}

/** Delete by condition, or with `dryRun` only count what would match. */
export async function deleteDocuments(
  port: SdbPort,
  ref: CollectionRef,
  body: { condition?: unknown; hint?: unknown; dryRun?: boolean | undefined },
): Promise<{ result: { matched: string } | { deleted: string }; images?: WriteImages }> {
  const condition = toOptionalDoc(body.condition, 'condition', 'operator')
  const hint = toOptionalDoc(body.hint, 'hint', 'value')
  const collection = coll(port, ref)
  if (body.dryRun === true) return { result: { matched: (await collection.count({ condition, hint })).toString() } }
  const before = await firstMatches(collection, condition, hint)
  const r = await collection.delete({ condition, hint })
  forgetEstimate(port, ref)
  return {
    result: { deleted: r.deleted.toString() },
    images: { before: before.slice(0, AUDIT_IMAGE_LIMIT).map((d) => toJsonDoc(d)), truncated: before.length > AUDIT_IMAGE_LIMIT },
  }
}

/** Streams every document of a query as typed JSON (export). */
export async function* exportDocuments(
  port: SdbPort,
  ref: CollectionRef,
  body: { condition?: unknown; selector?: unknown; orderBy?: unknown; hint?: unknown; skip?: number | undefined; limit?: number | undefined },
  signal?: AbortSignal,
): AsyncGenerator<Record<string, unknown>> {
  const c = await coll(port, ref).query({
    condition: toOptionalDoc(body.condition, 'condition', 'operator'),
    selector: toOptionalDoc(body.selector, 'selector', 'value'),
    orderBy: toOptionalDoc(body.orderBy, 'orderBy', 'value'),
    hint: toOptionalDoc(body.hint, 'hint', 'value'),
    skip: body.skip,
    limit: body.limit,
    signal,
  })
  try {
    for await (const d of c) yield toJsonDoc(d)
  } finally {
    await c.close()
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
