import { useMutation } from '@tanstack/react-query'
import { collectionPath } from '../../../lib/query-keys.js'
import { stringifyTypedJson, type TypedValue } from '../../../lib/typed-json.js'
import type { QueryState } from '../../../lib/query-state.js'
import { postTypedJson, typedJsonBody } from '../../../lib/typed-request.js'

/** The parts of an explain plan the builder shows. */
export interface ExplainSummary {
  readonly scanType: string
  readonly indexName: string
  readonly examined: string
  readonly returned: string
  readonly raw: string
}

function find(v: TypedValue, key: string): TypedValue | undefined {
  if (v.kind === 'object') {
    for (const [k, x] of v.entries) {
      if (k === key) return x
      const deeper = find(x, key)
      if (deeper !== undefined) return deeper
    }
  } else if (v.kind === 'array') {
    for (const x of v.items) {
      const deeper = find(x, key)
      if (deeper !== undefined) return deeper
    }
  }
  return undefined
}

function text(v: TypedValue | undefined): string {
  if (v === undefined) return '—'
  if (v.kind === 'string') return v.value
  if (v.kind === 'number' || v.kind === 'int32' || v.kind === 'int64' || v.kind === 'double' || v.kind === 'decimal') return v.text
  return stringifyTypedJson(v)
}

/** Reads SequoiaDB explain output (ScanType, IndexName, ReturnNum, index/data reads). */
export function summarizeExplain(res: TypedValue): ExplainSummary {
  const plans = res.kind === 'object' ? res.entries.find(([k]) => k === 'plans')?.[1] : undefined
  const plan = plans?.kind === 'array' ? plans.items[0] : undefined
  if (plan === undefined) return { scanType: '—', indexName: '—', examined: '—', returned: '—', raw: stringifyTypedJson(res, 2) }
  const examined = find(plan, 'DataRead') ?? find(plan, 'IndexRead') ?? find(plan, 'RecordsScanned')
  return { scanType: text(find(plan, 'ScanType')), indexName: text(find(plan, 'IndexName')), examined: text(examined), returned: text(find(plan, 'ReturnNum')), raw: stringifyTypedJson(plan, 2) }
}

/** Runs `POST .../documents/explain` for the builder's query. */
export function useExplain(cluster: string, cs: string, cl: string) {
  return useMutation({
    mutationFn: async (q: QueryState) =>
      summarizeExplain(await postTypedJson(`${collectionPath(cluster, cs, cl)}/documents/explain`, typedJsonBody({ detail: true }, { condition: q.condition, selector: q.selector, orderBy: q.orderBy, hint: q.hint }))),
  })
}
