import { nodeName } from '../cluster/cluster.js'
import { executeQuery } from '../engine/index.js'
import type { CollectionInfo } from '../storage/index.js'
import { isDocument } from './args.js'
import { recordSource } from './access-path.js'
import type { HandlerEnv, HandlerResult, QueryArgs } from './types.js'

/**
 * Explain (query flag EXPLAIN, hint `{Hint, Options}`): runs the query on a node of every group
 * that holds the collection and returns one access-plan record per node (ScanType, IndexName,
 * IXBound, ReturnNum, IndexRead, DataRead, ...), as a coordinator gathers them.
 */
export function explain(env: HandlerEnv, info: CollectionInfo, args: QueryArgs): HandlerResult {
  const indexes = env.catalog.listIndexes(info.name).map((d) => ({ name: d.name, key: d.key, unique: d.unique, notArray: d.notArray }))
  const hint = isDocument(args.hint.Hint) ? args.hint.Hint : args.hint
  const docs = env.router.readTargets(info, env.node).map((target) => {
    const run = executeQuery(recordSource(target, info.name), indexes, {
      condition: args.condition,
      selector: args.selector,
      orderBy: args.orderBy,
      skip: args.skip,
      limit: args.limit,
      hint: Object.keys(hint).length === 0 ? undefined : hint,
    })
    return run.explain(info.name, { nodeName: nodeName(target.node), groupName: target.group.name, role: 'data' })
  })
  return { cursor: docs[Symbol.iterator]() }
}
