import { Long } from '@canopy/sdb-client/bson'
import { compileCondition } from '../../engine/matcher.js'
import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$get count`: Q = matcher, H `{Collection}`; one record `{Total: int64}` (C requires int64). */
export const getCount: CommandHandler = (env, args) => {
  const name = requireString(args.hint, 'Collection')
  const info = env.router.collection(name)
  const empty = Object.keys(args.condition).length === 0
  const matches = compileCondition(args.condition)
  let total = 0
  for (const target of env.router.readTargets(info, env.node)) {
    if (empty) {
      total += target.store.count(name)
      continue
    }
    for (const rec of target.store.tableScan(name)) if (matches(rec.doc)) total += 1
  }
  return { cursor: { batches: [[{ Total: Long.fromNumber(total) }]] } }
}
