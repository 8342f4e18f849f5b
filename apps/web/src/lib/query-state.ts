import { parseTypedJson, stringifyTypedJson, type TypedValue } from './typed-json.js'

/**
 * The current query of a collection page, as it lives in the URL (`?q=`). Condition, selector,
 * orderBy and hint are typed JSON text, so types and key order survive a bookmark.
 */
export interface QueryState {
  readonly condition?: string | undefined
  readonly selector?: string | undefined
  readonly orderBy?: string | undefined
  readonly hint?: string | undefined
  readonly skip?: number | undefined
  readonly limit?: number | undefined
}

const typedParts = ['condition', 'selector', 'orderBy', 'hint'] as const

function intOf(v: TypedValue | undefined): number | undefined {
  if (v === undefined) return undefined
  const text = v.kind === 'number' || v.kind === 'int32' || v.kind === 'int64' ? v.text : undefined
  const n = Number(text)
  return text !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined
}

/** Reads `?q=`; anything unreadable yields an empty query rather than an error page. */
export function decodeQueryState(q: string | undefined): QueryState {
  if (q === undefined || q === '') return {}
  try {
    const v = parseTypedJson(q)
    if (v.kind !== 'object') return {}
    const get = (k: string) => v.entries.find(([x]) => x === k)?.[1]
    const out: Record<string, string | number | undefined> = {}
    for (const k of typedParts) {
      const part = get(k)
      if (part?.kind === 'object') out[k] = stringifyTypedJson(part)
    }
    out.skip = intOf(get('skip'))
    out.limit = intOf(get('limit'))
    return out
  } catch {
    return {}
  }
}

/** Writes `?q=`; empty parts are left out and an empty query is `undefined` (no parameter). */
export function encodeQueryState(s: QueryState): string | undefined {
  const items: string[] = []
  for (const k of typedParts) {
    const text = s[k]
    if (text === undefined || text.trim() === '' || text.trim() === '{}') continue
    items.push(`"${k}":${stringifyTypedJson(parseTypedJson(text))}`)
  }
  if (s.skip !== undefined && s.skip > 0) items.push(`"skip":${s.skip}`)
  if (s.limit !== undefined) items.push(`"limit":${s.limit}`)
  return items.length === 0 ? undefined : `{${items.join(',')}}`
}
