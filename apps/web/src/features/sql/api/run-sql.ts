import { useMutation } from '@tanstack/react-query'
import { clusterPath } from '../../../lib/query-keys.js'
import type { TypedObject } from '../../../lib/typed-json.js'
import { postTypedJson } from '../../../lib/typed-request.js'

/** The rows of a SQL statement, with types kept. */
export interface SqlResult {
  readonly documents: readonly TypedObject[]
  readonly truncated: boolean
}

/** `POST .../sql`. */
export async function runSql(cluster: string, sql: string): Promise<SqlResult> {
  const res = await postTypedJson(`${clusterPath(cluster)}/sql`, JSON.stringify({ sql }))
  const get = (k: string) => (res.kind === 'object' ? res.entries.find(([x]) => x === k)?.[1] : undefined)
  const docs = get('documents')
  const truncated = get('truncated')
  return { documents: docs?.kind === 'array' ? docs.items.filter((d): d is TypedObject => d.kind === 'object') : [], truncated: truncated?.kind === 'bool' && truncated.value }
}

/** Runs SQL statements. */
export function useRunSql(cluster: string) {
  return useMutation({ mutationFn: (sql: string) => runSql(cluster, sql) })
}
