import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiHeaders, apiUrl, errorFromResponse } from '../../../lib/api-client.js'
import { postTypedJson, typedJsonBody } from '../../../lib/typed-request.js'
import { collectionPath, queryKeys } from '../../../lib/query-keys.js'
import { stringifyTypedJson, type TypedObject, type TypedValue } from '../../../lib/typed-json.js'

/** The query a documents page runs; condition, selector, orderBy and hint are typed JSON text. */
export interface DocumentQuery {
  readonly condition?: string
  readonly selector?: string
  readonly orderBy?: string
  readonly hint?: string
  readonly limit?: number
}

/** One page of documents, parsed with types and key order kept. */
export interface DocumentPage {
  readonly documents: readonly TypedObject[]
  readonly nextPageToken: string | null
  readonly estimatedCount: string | null
}

function field(obj: TypedValue, key: string): TypedValue | undefined {
  return obj.kind === 'object' ? obj.entries.find(([k]) => k === key)?.[1] : undefined
}

/** `POST .../documents/query`: one keyset page. */
export async function queryDocuments(cluster: string, cs: string, cl: string, q: DocumentQuery, pageToken: string | undefined, signal?: AbortSignal): Promise<DocumentPage> {
  const body = typedJsonBody({ limit: q.limit ?? 100, pageToken }, { condition: q.condition, selector: q.selector, orderBy: q.orderBy, hint: q.hint })
  const res = await postTypedJson(`${collectionPath(cluster, cs, cl)}/documents/query`, body, signal)
  const docs = field(res, 'documents')
  const next = field(res, 'nextPageToken')
  const est = field(res, 'estimatedCount')
  return {
    documents: docs?.kind === 'array' ? docs.items.filter((d): d is TypedObject => d.kind === 'object') : [],
    nextPageToken: next?.kind === 'string' ? next.value : null,
    estimatedCount: est?.kind === 'string' ? est.value : null,
  }
}

/** Query options of one page; the key holds the query and the page token. */
export const documentsQueryOptions = (cluster: string, cs: string, cl: string, q: DocumentQuery, pageToken: string | undefined) =>
  queryOptions({
    queryKey: [...queryKeys.documents(cluster, cs, cl), q, pageToken ?? null] as const,
    queryFn: ({ signal }) => queryDocuments(cluster, cs, cl, q, pageToken, signal),
    placeholderData: keepPreviousData,
  })

/** One page of documents for `q`. */
export function useDocuments(cluster: string, cs: string, cl: string, q: DocumentQuery, pageToken: string | undefined) {
  return useQuery(documentsQueryOptions(cluster, cs, cl, q, pageToken))
}

/** The `_id` of a document, as typed JSON text (the URL form of `PUT .../documents/:id`). */
export function documentId(doc: TypedObject): string | null {
  const id = doc.entries.find(([k]) => k === '_id')?.[1]
  return id === undefined ? null : stringifyTypedJson(id)
}

function intOf(v: TypedValue | undefined): string {
  if (v === undefined) return '0'
  if (v.kind === 'string') return v.value
  if (v.kind === 'number' || v.kind === 'int32' || v.kind === 'int64') return v.text
  return '0'
}

/** Document writes: insert, replace, delete one, and update/delete by condition (with dry runs). */
export function useDocumentMutations(cluster: string, cs: string, cl: string) {
  const qc = useQueryClient()
  const base = collectionPath(cluster, cs, cl)
  const invalidate = () => qc.invalidateQueries({ queryKey: queryKeys.collection(cluster, cs, cl) })
  return {
    insert: useMutation({
      mutationFn: (doc: TypedObject) => postTypedJson(`${base}/documents`, `{"document":${stringifyTypedJson(doc)}}`),
      onSuccess: invalidate,
    }),
    replace: useMutation({
      mutationFn: async ({ id, doc }: { id: string; doc: TypedObject }) => {
        const res = await fetch(apiUrl(`${base}/documents/${encodeURIComponent(id)}`), { method: 'PUT', headers: apiHeaders('PUT', true), body: `{"document":${stringifyTypedJson(doc)}}`, credentials: 'same-origin' })
        if (!res.ok) throw await errorFromResponse(res)
      },
      onSuccess: invalidate,
    }),
    deleteOne: useMutation({
      mutationFn: (id: string) => postTypedJson(`${base}/documents/delete`, `{"condition":{"_id":${id}}}`),
      onSuccess: invalidate,
    }),
    /** Dry run: how many documents the condition matches. */
    countMatches: useMutation({
      mutationFn: async ({ kind, condition, rule }: { kind: 'update' | 'delete'; condition: string; rule?: string }) =>
        intOf(field(await postTypedJson(`${base}/documents/${kind}`, typedJsonBody({ dryRun: true }, { condition, rule })), 'matched')),
    }),
    updateWhere: useMutation({
      mutationFn: async ({ condition, rule }: { condition: string; rule: string }) => {
        const res = await postTypedJson(`${base}/documents/update`, typedJsonBody({}, { condition, rule }))
        return { updated: intOf(field(res, 'updated')), modified: intOf(field(res, 'modified')) }
      },
      onSuccess: invalidate,
    }),
    deleteWhere: useMutation({
      mutationFn: async ({ condition }: { condition: string }) => intOf(field(await postTypedJson(`${base}/documents/delete`, typedJsonBody({}, { condition })), 'deleted')),
      onSuccess: invalidate,
    }),
  }
}
