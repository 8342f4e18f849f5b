import { Long, type BsonDocument } from '@canopy/sdb-client/bson'
import { InsertFlag, type InsertRequest } from '@canopy/sdb-client/protocol'
import { SdbFault } from '../engine/fault.js'
import type { ReplicaGroup } from '../cluster/cluster.js'
import type { InsertResult } from '../storage/index.js'
import { count, countCollection } from './node-counters.js'
import { transactionFor } from './transaction.js'
import type { HandlerEnv, HandlerResult } from './types.js'

/** `{InsertedNum, DuplicatedNum, ModifiedNum}` (int64), the RETURNNUM result object. */
export function insertResultDoc(r: InsertResult): BsonDocument {
  return {
    InsertedNum: Long.fromNumber(r.insertedNum),
    DuplicatedNum: Long.fromNumber(r.duplicatedNum),
    ModifiedNum: Long.fromNumber(r.modifiedNum),
  }
}

/**
 * Inserts documents into a collection: each document goes to the group that owns it (hash of
 * the sharding key for a split collection), through that group's primary, and is replicated.
 */
export function insertDocuments(
  env: HandlerEnv,
  name: string,
  docs: readonly BsonDocument[],
  flags: number,
): InsertResult {
  const info = env.router.collection(name)
  const byGroup = new Map<ReplicaGroup, BsonDocument[]>()
  const groups = env.router.groupsOf(info)
  for (const doc of docs) {
    const placement = groups.length > 1 ? env.catalog.groupForDocument(info, doc) : undefined
    const group = placement === undefined ? groups[0] : env.cluster.groupById(placement.groupId)
    if (group === undefined) throw new SdbFault(-135, `No group holds collection ${name}`)
    let list = byGroup.get(group)
    if (list === undefined) byGroup.set(group, (list = []))
    list.push(doc)
  }
  const total: InsertResult = { insertedNum: 0, duplicatedNum: 0, modifiedNum: 0 }
  for (const [group, list] of byGroup) {
    const target = env.router.writeTarget(group, info.replSize, env.node)
    let r: InsertResult
    try {
      r = target.store.insert(name, list, {
        continueOnDup: (flags & (InsertFlag.CONTONDUP | InsertFlag.CONTONDUP_ID)) !== 0,
        replaceOnDup: (flags & (InsertFlag.REPLACEONDUP | InsertFlag.REPLACEONDUP_ID)) !== 0,
        onlyIdDup: (flags & (InsertFlag.CONTONDUP_ID | InsertFlag.REPLACEONDUP_ID)) !== 0,
        txn: transactionFor(env, target),
      })
    } catch (err) {
      env.router.afterWrite(group, info.replSize)
      if (err instanceof SdbFault && total.insertedNum > 0) {
        const extra = { ...err.extra }
        if (typeof extra.InsertedNum === 'object' && extra.InsertedNum instanceof Long) {
          extra.InsertedNum = Long.fromNumber(extra.InsertedNum.toNumber() + total.insertedNum)
        }
        throw new SdbFault(err.code, err.detail, extra)
      }
      throw err
    }
    env.router.afterWrite(group, info.replSize)
    count(target.node, 'TotalInsert', r.insertedNum)
    for (const c of ['TotalInsert', 'TotalDataWrite', 'TotalWrite'] as const) countCollection(target.node, name, c, r.insertedNum)
    count(target.node, 'TotalDataWrite', r.insertedNum + r.modifiedNum)
    total.insertedNum += r.insertedNum
    total.duplicatedNum += r.duplicatedNum
    total.modifiedNum += r.modifiedNum
  }
  return total
}

/** Insert (2002): the result object is returned when the client set RETURNNUM. */
export function handleInsert(env: HandlerEnv, req: InsertRequest): HandlerResult {
  if (req.documents.length === 0) throw new SdbFault(-6, 'Insert needs at least one document')
  const r = insertDocuments(env, req.name, req.documents, req.flags)
  return (req.flags & InsertFlag.RETURNNUM) !== 0 ? { documents: [insertResultDoc(r)] } : {}
}
