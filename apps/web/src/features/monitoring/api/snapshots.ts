import type { SnapshotType } from '@canopy/api-contract'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch, apiHeaders, apiUrl, errorFromResponse } from '../../../lib/api-client.js'
import { clusterPath, queryKeys } from '../../../lib/query-keys.js'
import { parseTypedJson, type TypedObject } from '../../../lib/typed-json.js'

/** `GET .../snapshots/:type?condition&orderBy`, parsed with types kept. */
export async function getSnapshot(cluster: string, type: SnapshotType, condition: string | undefined, orderBy: string | undefined, signal?: AbortSignal): Promise<TypedObject[]> {
  const res = await fetch(apiUrl(`${clusterPath(cluster)}/snapshots/${type}`, { condition, orderBy }), { headers: apiHeaders('GET', false), credentials: 'same-origin', signal: signal ?? null })
  if (!res.ok) throw await errorFromResponse(res)
  const body = parseTypedJson(await res.text())
  const docs = body.kind === 'object' ? body.entries.find(([k]) => k === 'documents')?.[1] : undefined
  return docs?.kind === 'array' ? docs.items.filter((d): d is TypedObject => d.kind === 'object') : []
}

/** A snapshot, refreshed every 5 s while shown. */
export function useSnapshot(cluster: string, type: SnapshotType, condition: string | undefined, orderBy: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.snapshots(cluster, type), condition ?? null, orderBy ?? null],
    queryFn: ({ signal }) => getSnapshot(cluster, type, condition, orderBy, signal),
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  })
}

/** Kills a database session by its SessionID. */
export function useKillSession(cluster: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => apiFetch(`${clusterPath(cluster)}/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.snapshots(cluster, 'sessions') }),
  })
}
