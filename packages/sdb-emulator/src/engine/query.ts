/**
 * A query over documents in memory: condition, orderBy, skip/limit, selector, in the order the
 * server applies them. The planner uses the same steps after choosing its access path.
 */
import { compileCondition } from './matcher.js'
import { compileSelector } from './selector.js'
import { parseSort, skipLimit, sortDocuments } from './sort.js'
import type { BsonDocument } from './values.js'

/** The parts of a query request the engine evaluates. */
export interface QuerySpec {
  readonly condition?: BsonDocument | null
  readonly selector?: BsonDocument | null
  readonly orderBy?: BsonDocument | null
  readonly skip?: number
  /** -1 (or undefined) for no limit. */
  readonly limit?: number
}

/** A query compiled once (errors surface here, before any document is read). */
export interface CompiledQuery {
  readonly matches: (doc: BsonDocument) => boolean
  readonly project: (doc: BsonDocument) => BsonDocument
  readonly sort: ReturnType<typeof parseSort>
  readonly skip: number
  readonly limit: number
}

/** Compiles a query; throws `SdbFault(-6)` for an invalid condition, selector or orderBy. */
export function compileQuery(spec: QuerySpec): CompiledQuery {
  return {
    matches: compileCondition(spec.condition),
    sort: parseSort(spec.orderBy),
    project: compileSelector(spec.selector),
    skip: spec.skip ?? 0,
    limit: spec.limit ?? -1,
  }
}

/** Runs a query over documents (in their natural order). */
export function runQuery(docs: Iterable<BsonDocument>, spec: QuerySpec): BsonDocument[] {
  const q = compileQuery(spec)
  const hits: BsonDocument[] = []
  for (const d of docs) if (q.matches(d)) hits.push(d)
  const sorted = q.sort.length > 0 ? sortDocuments(hits, q.sort) : hits
  return skipLimit(sorted, q.skip, q.limit).map(q.project)
}
