import type { BsonDocument } from '@canopy/sdb-client/bson'
import { compileCondition } from '../engine/matcher.js'
import { compileSelector } from '../engine/selector.js'
import { parseSort, sortDocuments } from '../engine/sort.js'
import type { HandlerResult, QueryArgs } from './types.js'

/**
 * Turns the records of a list or snapshot into a cursor result, applying the query's
 * condition, orderBy and selector as the server does for `$list` / `$snapshot` commands, and
 * leaving skip/limit to the context. Given batches (one per node, as a coordinator gathers
 * them), each batch stays one reply unless an orderBy forces a merge.
 */
export function listResult(input: readonly BsonDocument[] | readonly (readonly BsonDocument[])[], args: QueryArgs): HandlerResult {
  const matches = compileCondition(args.condition)
  const project = compileSelector(args.selector)
  const sort = parseSort(args.orderBy)
  const batched = input.length > 0 && Array.isArray(input[0])
  let batches: BsonDocument[][] = batched
    ? (input as readonly (readonly BsonDocument[])[]).map((b) => b.filter((d) => matches(d)))
    : [(input as readonly BsonDocument[]).filter((d) => matches(d))]
  if (sort.length > 0) batches = [sortDocuments(batches.flat(), sort)]
  return {
    cursor: { batches: batches.map((b) => b.map((d) => project(d))) },
    skip: args.skip,
    limit: args.limit,
  }
}
