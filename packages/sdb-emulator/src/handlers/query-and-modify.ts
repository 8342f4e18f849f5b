import type { BsonDocument } from '@canopy/sdb-client/bson'
import { SdbFault } from '../engine/fault.js'
import { compileCondition } from '../engine/matcher.js'
import { compileSelector } from '../engine/selector.js'
import { parseSort, sortDocuments } from '../engine/sort.js'
import type { CollectionInfo } from '../storage/index.js'
import { isDocument } from './args.js'
import { scanMatching } from './data-query.js'
import { deleteMatching } from './delete.js'
import { updateMatching } from './update.js'
import type { HandlerEnv, HandlerResult, QueryArgs } from './types.js'

/**
 * Query-and-modify (flag MODIFY, hint `$Modify: {OP: "update", Update, ReturnNew} | {OP:
 * "remove", Remove: true}`): picks the records as the query would (condition, orderBy, skip,
 * limit), changes each by its `_id`, and returns them (old or new) through the selector.
 */
export function queryAndModify(env: HandlerEnv, info: CollectionInfo, args: QueryArgs): HandlerResult {
  const modify = args.hint.$Modify
  if (!isDocument(modify)) throw new SdbFault(-6, 'Query-and-modify needs $Modify in the hint')
  const op = modify.OP
  const matches = compileCondition(args.condition)
  const sort = parseSort(args.orderBy)
  const project = compileSelector(args.selector)
  let picked = [...scanMatching(env.router.readTargets(info, env.node), info.name, matches)]
  if (sort.length > 0) picked = sortDocuments(picked, sort)
  picked = picked.slice(args.skip, args.limit < 0 ? undefined : args.skip + args.limit)
  const out: BsonDocument[] = []
  for (const doc of picked) {
    const byId: BsonDocument = { _id: doc._id }
    if (op === 'update') {
      const rule = modify.Update
      if (!isDocument(rule)) throw new SdbFault(-6, '$Modify.Update must be an object')
      const returnNew = modify.ReturnNew === true
      updateMatching(env, info.name, byId, rule, {
        one: true,
        onUpdated: (before, after) => out.push(returnNew ? after : before),
      })
    } else if (op === 'remove') {
      deleteMatching(env, info.name, byId, true)
      out.push(doc)
    } else {
      throw new SdbFault(-6, '$Modify.OP must be "update" or "remove"')
    }
  }
  return { cursor: out.map((d) => project(d))[Symbol.iterator]() }
}
