import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$rename collection` `{CollectionSpace, OldName, NewName}` (short names). */
export const renameCollection: CommandHandler = (env, args) => {
  const space = requireString(args.condition, 'CollectionSpace')
  const oldName = requireString(args.condition, 'OldName')
  const newName = requireString(args.condition, 'NewName')
  const info = env.router.collection(`${space}.${oldName}`)
  const groups = env.router.groupsOf(info)
  env.catalog.renameCollection(space, oldName, newName)
  env.router.onPrimaries(groups, (store) => store.renameCollection(`${space}.${oldName}`, `${space}.${newName}`))
  return {}
}
