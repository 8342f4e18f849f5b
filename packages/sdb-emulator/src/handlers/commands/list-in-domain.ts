import { requireString } from '../args.js'
import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'

/** `$list collectionspaces in domain` Q `{Domain}`: `{Name}` of each space of the domain. */
export const listCollectionSpacesInDomain: CommandHandler = (env, args) => {
  const domain = requireString(args.condition, 'Domain')
  const docs = env.catalog
    .listCollectionSpaces()
    .filter((cs) => cs.domain === domain)
    .map((cs) => ({ Name: cs.name }))
  return listResult(docs, { ...args, condition: {} })
}

/** `$list collections in domain` Q `{Domain}`: `{Name}` of each collection in the domain's spaces. */
export const listCollectionsInDomain: CommandHandler = (env, args) => {
  const domain = requireString(args.condition, 'Domain')
  const spaces = new Set(
    env.catalog
      .listCollectionSpaces()
      .filter((cs) => cs.domain === domain)
      .map((cs) => cs.name),
  )
  const docs = env.catalog
    .listCollections()
    .filter((c) => spaces.has(c.collectionSpace))
    .map((c) => ({ Name: c.name }))
  return listResult(docs, { ...args, condition: {} })
}

/** `$list collections in collectionspace` Q `{Name: <cs>}`: `{Name: "cs.cl"}` of the space. */
export const listCollectionsInSpace: CommandHandler = (env, args) => {
  const space = requireString(args.condition, 'Name')
  const docs = env.catalog
    .listCollections()
    .filter((c) => c.collectionSpace === space)
    .map((c) => ({ Name: c.name }))
  return listResult(docs, { ...args, condition: {} })
}
