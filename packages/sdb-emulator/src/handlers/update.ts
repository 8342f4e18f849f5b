import { Long, type BsonDocument } from '@canopy/sdb-client/bson'
import { UpdateFlag, type UpdateRequest } from '@canopy/sdb-client/protocol'
import { compileCondition } from '../engine/matcher.js'
import { compileUpdate } from '../engine/update.js'
import { isDocument } from './args.js'
import { planFor, readMatching } from './access-path.js'
import { insertDocuments } from './insert.js'
import { count, countCollection } from './node-counters.js'
import { transactionFor } from './transaction.js'
import type { HandlerEnv, HandlerResult } from './types.js'

/** Counters of an update (`{UpdatedNum, ModifiedNum, InsertedNum}`). */
export interface UpdateCounts {
  updated: number
  modified: number
  inserted: number
}

/** Options of {@link updateMatching}. */
export interface UpdateOptions {
  readonly one?: boolean
  readonly upsert?: boolean
  /** The request's hint (index choice). */
  readonly hint?: BsonDocument
  /** `$SetOnInsert` of the hint. */
  readonly setOnInsert?: BsonDocument | undefined
  /** Called with each updated document (after the rule), e.g. for query-and-modify. */
  readonly onUpdated?: (before: BsonDocument, after: BsonDocument) => void
}

/**
 * Applies `rule` to every record matching `condition` on the primary of each group of the
 * collection, in one atomic step per group; inserts the upsert document when nothing matched.
 */
export function updateMatching(
  env: HandlerEnv,
  name: string,
  condition: BsonDocument,
  rule: BsonDocument,
  options: UpdateOptions = {},
): UpdateCounts {
  const info = env.router.collection(name)
  const matches = compileCondition(condition)
  const update = compileUpdate(rule, options.setOnInsert)
  const counts: UpdateCounts = { updated: 0, modified: 0, inserted: 0 }
  const plan = planFor(env.catalog, name, condition, options.hint ?? {})
  for (const group of env.router.groupsOf(info)) {
    if (options.one === true && counts.updated > 0) break
    const target = env.router.writeTarget(group, info.replSize, env.node)
    const txn = transactionFor(env, target)
    const hits: { rid: number; doc: BsonDocument }[] = []
    for (const rec of readMatching(target, name, plan, matches)) {
      hits.push(rec)
      if (options.one === true) break
    }
    if (hits.length === 0) continue
    try {
      target.store.batch(() => {
        for (const rec of hits) {
          const r = update.apply(rec.doc)
          counts.updated += 1
          if (r.modified) {
            target.store.replaceRecord(name, rec.rid, r.doc, txn)
            counts.modified += 1
          }
          options.onUpdated?.(rec.doc, r.doc)
        }
      })
    } finally {
      env.router.afterWrite(group, info.replSize)
    }
    count(target.node, 'TotalUpdate', counts.modified)
    for (const c of ['TotalUpdate', 'TotalDataWrite', 'TotalWrite'] as const) countCollection(target.node, name, c, counts.modified)
  }
  if (counts.updated === 0 && options.upsert === true) {
    const doc = update.upsertDocument(condition)
    insertDocuments(env, name, [doc], 0)
    options.onUpdated?.({}, doc)
    counts.inserted = 1
  }
  return counts
}

/** Update (2001): `{UpdatedNum, ModifiedNum, InsertedNum}` when RETURNNUM is set. */
export function handleUpdate(env: HandlerEnv, req: UpdateRequest): HandlerResult {
  const setOnInsert = req.hint.$SetOnInsert
  const counts = updateMatching(env, req.name, req.condition, req.rule, {
    one: (req.flags & UpdateFlag.ONE) !== 0,
    upsert: (req.flags & UpdateFlag.UPSERT) !== 0,
    setOnInsert: isDocument(setOnInsert) ? setOnInsert : undefined,
    hint: req.hint,
  })
  if ((req.flags & UpdateFlag.RETURNNUM) === 0) return {}
  return {
    documents: [
      {
        UpdatedNum: Long.fromNumber(counts.updated),
        ModifiedNum: Long.fromNumber(counts.modified),
        InsertedNum: Long.fromNumber(counts.inserted),
      },
    ],
  }
}
