import { Long, type BsonDocument } from '@canopy/sdb-client/bson'
import { DeleteFlag, type DeleteRequest } from '@canopy/sdb-client/protocol'
import { compileCondition } from '../engine/matcher.js'
import { planFor, readMatching } from './access-path.js'
import { count, countCollection } from './node-counters.js'
import { transactionFor } from './transaction.js'
import type { HandlerEnv, HandlerResult } from './types.js'

/** Removes matching records on every group's primary; returns how many. */
export function deleteMatching(env: HandlerEnv, name: string, condition: BsonDocument, one: boolean, hint: BsonDocument = {}): number {
  const info = env.router.collection(name)
  const matches = compileCondition(condition)
  const plan = planFor(env.catalog, name, condition, hint)
  let deleted = 0
  for (const group of env.router.groupsOf(info)) {
    if (one && deleted > 0) break
    const target = env.router.writeTarget(group, info.replSize, env.node)
    const txn = transactionFor(env, target)
    const rids: number[] = []
    for (const rec of readMatching(target, name, plan, matches)) {
      rids.push(rec.rid)
      if (one) break
    }
    if (rids.length === 0) continue
    target.store.batch(() => {
      for (const rid of rids) target.store.removeRecord(name, rid, txn)
    })
    env.router.afterWrite(group, info.replSize)
    count(target.node, 'TotalDelete', rids.length)
    for (const c of ['TotalDelete', 'TotalDataWrite', 'TotalWrite'] as const) countCollection(target.node, name, c, rids.length)
    deleted += rids.length
  }
  return deleted
}

/** Delete (2006): `{DeletedNum}` when RETURNNUM is set. */
export function handleDelete(env: HandlerEnv, req: DeleteRequest): HandlerResult {
  const n = deleteMatching(env, req.name, req.condition, (req.flags & DeleteFlag.ONE) !== 0, req.hint)
  return (req.flags & DeleteFlag.RETURNNUM) !== 0 ? { documents: [{ DeletedNum: Long.fromNumber(n) }] } : {}
}
