import { requireString } from '../args.js'
import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'

/**
 * `$get indexes` (H `{Collection}`, Q optional `{"IndexDef.name": ...}`): one record per index,
 * `{IndexDef, IndexFlag, Type}` as the v6 coordinator answers.
 */
export const getIndexes: CommandHandler = (env, args) => {
  const name = requireString(args.hint, 'Collection')
  env.router.collection(name)
  const docs = env.catalog.listIndexes(name).map((def) => ({
    IndexDef: def.document,
    IndexFlag: 'Normal',
    Type: indexType(def.key),
  }))
  return listResult(docs, args)
}

function indexType(key: Record<string, unknown>): string {
  const values = Object.values(key).map((v) => (typeof v === 'object' && v !== null ? v.valueOf() : v))
  if (values.some((v) => v === '2d')) return '2d'
  if (values.some((v) => v === 'text')) return 'Text'
  const parts: string[] = []
  if (values.some((v) => Number(v) >= 0)) parts.push('Positive')
  if (values.some((v) => Number(v) < 0)) parts.push('Reverse')
  return parts.length === 0 ? 'None' : parts.join(' | ')
}
