import { SdbFault } from '../../engine/fault.js'
import { optionalBool, optionalDocument, requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/**
 * `$create index` `{Collection, Index: {key, name, unique, enforced, ...}, SortBufferSize?, Async?}`.
 * The catalog validates; the index is built on every group's primary before it is recorded.
 * With `Async: true` the reply is `{TaskID}` (the build is done by the time it is answered).
 */
export const createIndex: CommandHandler = (env, args) => {
  const name = requireString(args.condition, 'Collection')
  const index = optionalDocument(args.condition, 'Index')
  if (index === undefined) throw new SdbFault(-6, 'Field Index is required')
  const info = env.router.collection(name)
  env.catalog.createIndex(name, index, (def) => {
    env.router.onPrimaries(env.router.groupsOf(info), (store) => store.createIndex(name, def))
  })
  if (optionalBool(args.condition, 'Async') === true) return { documents: [{ TaskID: nextTaskId() }] }
  return {}
}

let taskCounter = 0n

/** Task ids handed out for asynchronous index builds (int64, as in SYSTASKS). */
export function nextTaskId(): bigint {
  taskCounter += 1n
  return taskCounter
}
