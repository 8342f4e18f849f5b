import type { QueryRequest } from '@canopy/sdb-client/protocol'
import { GroupRole } from '../cluster/cluster.js'
import { SdbFault } from '../engine/fault.js'
import { toNumber } from './args.js'
import { COMMANDS } from './commands.js'
import { dataQuery } from './data-query.js'
import type { HandlerEnv, HandlerResult, QueryArgs } from './types.js'

/** The query's skip/limit as numbers (negative skip means 0, negative limit means all). */
function toArgs(req: QueryRequest): QueryArgs {
  const skip = toNumber(typeof req.numToSkip === 'bigint' ? req.numToSkip : BigInt(req.numToSkip)) ?? 0
  const limit = toNumber(typeof req.numToReturn === 'bigint' ? req.numToReturn : BigInt(req.numToReturn)) ?? -1
  return {
    name: req.name,
    flags: req.flags,
    skip: skip < 0 ? 0 : skip,
    limit: limit < 0 ? -1 : limit,
    condition: req.condition,
    selector: req.selector,
    orderBy: req.orderBy,
    hint: req.hint,
  }
}

/**
 * Query (2004): a name starting with `$` is a command (contract §10.1), anything else a query on
 * `cs.cl`. Unknown commands get -6; coord-only commands on other nodes get -159.
 */
export async function handleQuery(env: HandlerEnv, req: QueryRequest): Promise<HandlerResult> {
  const args = toArgs(req)
  if (!args.name.startsWith('$')) return dataQuery(env, args)
  const entry = COMMANDS.get(args.name.slice(1))
  if (entry === undefined) throw new SdbFault(-6, `Unknown command: ${args.name}`)
  const isCoord = env.node.group.role === GroupRole.Coord
  if (!isCoord && !entry.anyNode) throw new SdbFault(-159)
  return entry.handler(env, args)
}
