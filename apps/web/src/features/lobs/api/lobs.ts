import type { LobInfo } from '@canopy/api-contract'
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch, getCsrfToken } from '../../../lib/api-client.js'
import { ApiError } from '../../../lib/api-client.js'
import { collectionPath, queryKeys } from '../../../lib/query-keys.js'

/** Query options of a collection's LOBs. */
export const lobsQueryOptions = (cluster: string, cs: string, cl: string) =>
  queryOptions({ queryKey: queryKeys.lobs(cluster, cs, cl), queryFn: ({ signal }) => apiFetch<LobInfo[]>(`${collectionPath(cluster, cs, cl)}/lobs`, { signal }) })

/** The LOBs of a collection. */
export function useLobs(cluster: string, cs: string, cl: string) {
  return useQuery(lobsQueryOptions(cluster, cs, cl))
}

/** The download URL of a LOB (a plain GET the browser streams to disk). */
export function lobDownloadUrl(cluster: string, cs: string, cl: string, oid: string): string {
  return `/api${collectionPath(cluster, cs, cl)}/lobs/${encodeURIComponent(oid)}`
}

/**
 * Uploads a file as a LOB. XMLHttpRequest rather than fetch: it reports upload progress,
 * which fetch cannot do in browsers today.
 */
export function uploadLob(cluster: string, cs: string, cl: string, file: File, onProgress: (fraction: number) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api${collectionPath(cluster, cs, cl)}/lobs`)
    const token = getCsrfToken()
    if (token !== null) xhr.setRequestHeader('x-csrf-token', token)
    xhr.setRequestHeader('content-type', 'application/octet-stream')
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name))
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total) }
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.responseText === '' ? undefined : JSON.parse(xhr.responseText))
      else {
        let code = `HTTP_${xhr.status}`, message = xhr.statusText
        try {
          const b = JSON.parse(xhr.responseText) as { code?: string; message?: string }
          code = b.code ?? code
          message = b.message ?? message
        } catch { /* not JSON: keep the status line */ }
        reject(new ApiError(code, message, xhr.status))
      }
    }
    xhr.onerror = () => reject(new ApiError('NETWORK', 'The Canopy server could not be reached', 0))
    xhr.send(file)
  })
}

/** Uploads and deletes LOBs, refreshing the list. */
export function useLobMutations(cluster: string, cs: string, cl: string) {
  const qc = useQueryClient()
  const invalidate = () => qc.invalidateQueries({ queryKey: queryKeys.lobs(cluster, cs, cl) })
  return {
    upload: useMutation({ mutationFn: ({ file, onProgress }: { file: File; onProgress: (f: number) => void }) => uploadLob(cluster, cs, cl, file, onProgress), onSuccess: invalidate }),
    remove: useMutation({ mutationFn: (oid: string) => apiFetch(`${collectionPath(cluster, cs, cl)}/lobs/${encodeURIComponent(oid)}`, { method: 'DELETE' }), onSuccess: invalidate }),
  }
}
