import { Long, ObjectId, Timestamp } from '@canopy/sdb-client/bson'
import type { LobMeta } from '../../storage/index.js'
import { requireString } from '../args.js'
import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'

function timestamp(ms: number): Timestamp {
  // SequoiaDB timestamps carry seconds and microseconds.
  return new Timestamp({ t: Math.floor(ms / 1000), i: (ms % 1000) * 1000 })
}

/** A `$list lobs` record: `{Size, Oid, CreateTime, ModificationTime, Available}`. */
export function lobListRecord(meta: LobMeta): Record<string, Long | ObjectId | Timestamp | boolean> {
  return {
    Size: Long.fromNumber(meta.size),
    Oid: ObjectId.createFromHexString(meta.oid),
    CreateTime: timestamp(meta.createTime),
    ModificationTime: timestamp(meta.modificationTime),
    Available: meta.available,
  }
}

/**
 * `$list lobs`: the LOBs of a collection, gathered from every group. The collection comes in
 * the hint (C driver) or in the condition (legacy drivers); it is not a record filter.
 */
export const listLobs: CommandHandler = (env, args) => {
  const inHint = typeof args.hint.Collection === 'string'
  const name = requireString(inHint ? args.hint : args.condition, 'Collection')
  const info = env.router.collection(name)
  const docs = env.router.readTargets(info, env.node).flatMap((t) => t.store.listLobs(name).map(lobListRecord))
  const condition = { ...args.condition }
  if (!inHint) delete condition.Collection
  return listResult(docs, { ...args, condition })
}
