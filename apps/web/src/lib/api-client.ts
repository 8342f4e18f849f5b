/**
 * The one door to the Canopy REST API: JSON in and out, `{ code, message, details? }` errors
 * turned into {@link ApiError}, and the CSRF token attached to every state-changing request.
 */

/** An error answered by the API (or a network failure, code `NETWORK`). */
export class ApiError extends Error {
  /** Stable error name, e.g. `SDB_DMS_CS_EXIST` or `FORBIDDEN`. */
  readonly code: string
  /** HTTP status, 0 when the request never got an answer. */
  readonly status: number
  /** Extra structured information the server attached. */
  readonly details: unknown

  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
    this.details = details
  }
}

let csrfToken: string | null = null

/** Remembers the CSRF token from `GET /api/auth/session` (or login) for later writes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** The CSRF token currently attached to writes, if any. */
export function getCsrfToken(): string | null {
  return csrfToken
}

/** Options for {@link apiFetch}. */
export interface ApiRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  readonly body?: unknown
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>
  readonly signal?: AbortSignal
}

/** Builds `/api/...` with a query string, skipping undefined values. */
export function apiUrl(path: string, query?: ApiRequest['query']): string {
  const url = `/api${path}`
  if (query === undefined) return url
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v))
  const s = params.toString()
  return s === '' ? url : `${url}?${s}`
}

function isErrorBody(v: unknown): v is { code: string; message: string; details?: unknown } {
  return typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string' && typeof (v as { message?: unknown }).message === 'string'
}

/** Headers for a request; writes carry the CSRF token. */
export function apiHeaders(method: string, json: boolean): Headers {
  const headers = new Headers({ accept: 'application/json' })
  if (json) headers.set('content-type', 'application/json')
  if (method !== 'GET' && csrfToken !== null) headers.set('x-csrf-token', csrfToken)
  return headers
}

/** Turns a non-2xx response into an {@link ApiError}. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // A proxy error page or empty body: fall through to the status line.
  }
  if (isErrorBody(body)) return new ApiError(body.code, body.message, res.status, body.details)
  return new ApiError(`HTTP_${res.status}`, res.statusText === '' ? `Request failed with status ${res.status}` : res.statusText, res.status)
}

/** Sends a JSON request to the API and resolves with the parsed JSON answer. */
export async function apiFetch<T>(path: string, req: ApiRequest = {}): Promise<T> {
  const method = req.method ?? 'GET'
  const hasBody = req.body !== undefined
  let res: Response
  try {
    res = await fetch(apiUrl(path, req.query), {
      method,
      headers: apiHeaders(method, hasBody),
      body: hasBody ? JSON.stringify(req.body) : null,
      credentials: 'same-origin',
      signal: req.signal ?? null,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError('NETWORK', 'The Canopy server could not be reached', 0)
  }
  if (!res.ok) throw await errorFromResponse(res)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text === '' ? undefined : JSON.parse(text)) as T
}
