import { useQuery } from '@tanstack/react-query'
import { collectionPath, queryKeys } from '../../../lib/query-keys.js'
import { type BsonKind, effectiveKind, type TypedValue } from '../../../lib/typed-json.js'
import { postTypedJson } from '../../../lib/typed-request.js'

/** A field seen in the sampled documents, with the types it held and how often. */
export interface SchemaField {
  readonly path: string
  readonly kinds: readonly BsonKind[]
  /** The most frequent type: the builder's default for new values. */
  readonly mainKind: BsonKind
}

/** Walks sampled documents into dotted field paths with their types (arrays count as `array`). */
export function schemaOf(docs: readonly TypedValue[]): SchemaField[] {
  const seen = new Map<string, Map<BsonKind, number>>()
  const note = (path: string, kind: BsonKind) => {
    const m = seen.get(path) ?? new Map<BsonKind, number>()
    m.set(kind, (m.get(kind) ?? 0) + 1)
    seen.set(path, m)
  }
  const walk = (v: TypedValue, prefix: string, depth: number) => {
    if (v.kind !== 'object' || depth > 5) return
    for (const [k, x] of v.entries) {
      const p = prefix === '' ? k : `${prefix}.${k}`
      note(p, effectiveKind(x))
      walk(x, p, depth + 1)
    }
  }
  for (const d of docs) walk(d, '', 0)
  return [...seen].map(([path, m]) => {
    const kinds = [...m].sort((a, b) => b[1] - a[1]).map(([k]) => k)
    return { path, kinds, mainKind: kinds[0] ?? 'string' }
  })
}

/** Samples up to 200 documents and derives the collection's fields and their types. */
export function useSampledSchema(cluster: string, cs: string, cl: string) {
  return useQuery({
    queryKey: [...queryKeys.documents(cluster, cs, cl), 'schema-sample'],
    queryFn: async () => {
      const res = await postTypedJson(`${collectionPath(cluster, cs, cl)}/documents/query`, '{"limit":200}')
      const docs = res.kind === 'object' ? res.entries.find(([k]) => k === 'documents')?.[1] : undefined
      return schemaOf(docs?.kind === 'array' ? docs.items : [])
    },
    staleTime: 60_000,
  })
}
