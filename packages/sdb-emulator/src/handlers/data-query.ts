import type { BsonDocument } from '@canopy/sdb-client/bson'
import { compileCondition } from '../engine/matcher.js'
import { compileSelector } from '../engine/selector.js'
import { parseSort, sortDocuments } from '../engine/sort.js'
import type { NodeStore } from '../cluster/data-router.js'
import type { AccessPlan } from '../engine/index.js'
import { planFor, readMatching } from './access-path.js'
import { queryAndModify } from './query-and-modify.js'
import { explain } from './explain.js'
import { QueryFlag, type HandlerEnv, type HandlerResult, type QueryArgs } from './types.js'

/** Matching records of every group of the collection, group by group, through the access path. */
export function* scanMatching(
  targets: readonly NodeStore[],
  name: string,
  matches: (doc: BsonDocument) => boolean,
  plan: AccessPlan = TABLE_SCAN,
): Generator<BsonDocument> {
  for (const t of targets) {
    for (const rec of readMatching(t, name, plan, matches)) yield rec.doc
  }
}

const TABLE_SCAN: AccessPlan = { scanType: 'tbscan', indexName: '', ranges: [], ixBound: null }

/**
 * A query on `cs.cl`: gathers the matching records from a running node of every group that
 * holds the collection (the coordinator's job), sorts when asked, projects with the selector;
 * skip/limit are applied by the context. Explain and query-and-modify have their own paths.
 */
export function dataQuery(env: HandlerEnv, args: QueryArgs): HandlerResult {
  const info = env.router.collection(args.name)
  if ((args.flags & QueryFlag.Modify) !== 0) return queryAndModify(env, info, args)
  if ((args.flags & QueryFlag.Explain) !== 0) return explain(env, info, args)
  const matches = compileCondition(args.condition)
  const project = compileSelector(args.selector)
  const sort = parseSort(args.orderBy)
  const targets = env.router.readTargets(info, env.node)
  const plan = planFor(env.catalog, info.name, args.condition, args.hint)
  const source =
    sort.length === 0
      ? mapIterator(scanMatching(targets, info.name, matches, plan), project)
      : mapIterator(sortDocuments([...scanMatching(targets, info.name, matches, plan)], sort)[Symbol.iterator](), project)
  return { cursor: source, skip: args.skip, limit: args.limit }
}

function* mapIterator(it: Iterator<BsonDocument>, fn: (d: BsonDocument) => BsonDocument): Generator<BsonDocument> {
  for (let r = it.next(); r.done !== true; r = it.next()) yield fn(r.value)
}
