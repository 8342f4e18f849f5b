import { SdbFault } from '../../engine/fault.js'
import { optionalBool, optionalDocument, requireString } from '../args.js'
import type { CommandHandler } from '../types.js'
import { nextTaskId } from './create-index.js'

/**
 * `$drop index` `{Collection, Index: {"": name}}`: -47 missing, -56 for `$id`. The name is the
 * first field's string whatever its field name (`_rtnDropIndex::init`); SQL `drop index` sends
 * `{Name: name, Key: ""}`.
 */
export const dropIndex: CommandHandler = (env, args) => {
  const name = requireString(args.condition, 'Collection')
  const index = optionalDocument(args.condition, 'Index')
  const indexName = index === undefined ? undefined : Object.values(index)[0]
  if (typeof indexName !== 'string') throw new SdbFault(-6, 'Field Index must be {"": <index name>}')
  const info = env.router.collection(name)
  env.catalog.dropIndex(name, indexName, () => {
    env.router.onPrimaries(env.router.groupsOf(info), (store) => store.dropIndex(name, indexName))
  })
  if (optionalBool(args.condition, 'Async') === true) return { documents: [{ TaskID: nextTaskId() }] }
  return {}
}
