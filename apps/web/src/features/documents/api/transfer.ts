import type { DataFormat, ImportEvent } from '@canopy/api-contract'
import { ApiError, apiHeaders, apiUrl, errorFromResponse } from '../../../lib/api-client.js'
import { collectionPath } from '../../../lib/query-keys.js'
import { typedJsonBody } from '../../../lib/typed-request.js'

/** Error code of an export whose stream broke after it started (node or coord stopped mid-export). */
export const EXPORT_INTERRUPTED = 'EXPORT_INTERRUPTED'

/**
 * `POST .../documents/export?format=`: the whole result of the query as a file. Rejects with an
 * {@link ApiError} (code {@link EXPORT_INTERRUPTED}) when the stream breaks midway, so no truncated
 * file is ever offered.
 */
export async function exportDocuments(cluster: string, cs: string, cl: string, format: DataFormat, q: { condition?: string | undefined; selector?: string | undefined; orderBy?: string | undefined }): Promise<Blob> {
  let res: Response
  try {
    res = await fetch(apiUrl(`${collectionPath(cluster, cs, cl)}/documents/export`, { format }), {
      method: 'POST',
      headers: apiHeaders('POST', true),
      body: typedJsonBody({}, { condition: q.condition, selector: q.selector, orderBy: q.orderBy }),
      credentials: 'same-origin',
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError('NETWORK', 'The Canopy server is unreachable; nothing was exported.', 0)
  }
  if (!res.ok) throw await errorFromResponse(res)
  try {
    return await res.blob()
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    // The headers went out with the first document; a node or coord stopping later can only cut
    // the stream, which the browser reports as a bare "Failed to fetch".
    throw new ApiError(EXPORT_INTERRUPTED, 'Export interrupted: the connection to the cluster was lost before the file was complete. Nothing was saved; try again when the cluster is available.', res.status)
  }
}

/** Offers a blob to the user as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function isImportEvent(v: unknown): v is ImportEvent {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string'
}

/**
 * `POST .../documents/import?format=`: streams the file up and reads the NDJSON progress lines
 * back as they arrive, so the progress bar moves while the server inserts.
 */
export async function importDocuments(cluster: string, cs: string, cl: string, format: DataFormat, file: Blob, onEvent: (e: ImportEvent) => void, signal?: AbortSignal): Promise<void> {
  const headers = apiHeaders('POST', false)
  headers.set('content-type', format === 'csv' ? 'text/csv' : format === 'json' ? 'application/json' : 'application/x-ndjson')
  let res: Response
  try {
    res = await fetch(apiUrl(`${collectionPath(cluster, cs, cl)}/documents/import`, { format }), { method: 'POST', headers, body: file, credentials: 'same-origin', signal: signal ?? null })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError('NETWORK', 'The Canopy server could not be reached', 0)
  }
  if (!res.ok) throw await errorFromResponse(res)
  const emit = (line: string) => {
    if (line.trim() === '') return
    try {
      const v: unknown = JSON.parse(line)
      if (isImportEvent(v)) onEvent(v)
    } catch {
      // A partial or foreign line is skipped; the final "done" line carries the totals.
    }
  }
  if (res.body === null) {
    for (const line of (await res.text()).split('\n')) emit(line)
    return
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
  let buf = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    buf += value
    const lines = buf.split('\n')
    buf = lines.pop() ?? ''
    lines.forEach(emit)
  }
  emit(buf)
}
