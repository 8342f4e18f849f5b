import { Long } from '@canopy/sdb-client/bson'
import { compileCondition } from '../../engine/matcher.js'
import { planFor, readMatching } from '../access-path.js'
import { isDocument, requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/**
 * `$get count`: Q = matcher, H `{Collection, Hint?}`; one record `{Total: int64}` (the C driver
 * requires int64). A condition goes through the same access path as a query.
 */
export const getCount: CommandHandler = (env, args) => {
  const name = requireString(args.hint, 'Collection')
  const info = env.router.collection(name)
  const empty = Object.keys(args.condition).length === 0
  const matches = compileCondition(args.condition)
  const hint = isDocument(args.hint.Hint) ? args.hint.Hint : {}
  const plan = planFor(env.catalog, name, args.condition, hint)
  let total = 0
  for (const target of env.router.readTargets(info, env.node)) {
    if (empty) {
      total += target.store.count(name)
      continue
    }
    for (const _ of readMatching(target, name, plan, matches)) total += 1
  }
  return { cursor: { batches: [[{ Total: Long.fromNumber(total) }]] } }
}
