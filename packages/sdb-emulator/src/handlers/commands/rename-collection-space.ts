import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$rename collectionspace` `{OldName, NewName}`. */
export const renameCollectionSpace: CommandHandler = (env, args) => {
  const oldName = requireString(args.condition, 'OldName')
  const newName = requireString(args.condition, 'NewName')
  const groups = new Set(
    env.catalog
      .listCollections()
      .filter((c) => c.collectionSpace === oldName)
      .flatMap((c) => env.router.groupsOf(c)),
  )
  env.catalog.renameCollectionSpace(oldName, newName)
  env.router.onPrimaries([...groups], (store) => store.renameCollectionSpace(oldName, newName))
  return {}
}
