import { vi } from 'vitest'

/** A recorded API call. */
export interface ApiCall {
  readonly method: string
  readonly path: string
  readonly search: URLSearchParams
  readonly body: unknown
  readonly headers: Headers
}

/** A handler's answer: a JSON body (status 200) or an explicit status and body. */
export type MockAnswer = unknown

/** Route table: `'GET /api/clusters'` or `'POST /api/clusters/:cluster/...'` (params as `:name`). */
export type MockRoutes = Record<string, (call: ApiCall & { params: Record<string, string> }) => MockAnswer>

/** Marks an answer with a non-200 status. */
export function status(code: number, body: unknown): { readonly __status: number; readonly body: unknown } {
  return { __status: code, body }
}

function isStatus(v: unknown): v is { __status: number; body: unknown } {
  return typeof v === 'object' && v !== null && '__status' in v
}

function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/')
  const a = path.split('/')
  if (p.length !== a.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(a[i]!)
    else if (seg !== a[i]) return null
  }
  return params
}

/**
 * Replaces `fetch` with an in-memory API: each request is matched against `routes` and recorded
 * in `calls`. Unknown routes answer 404 so a missing mock shows up as a visible error.
 */
export function mockApi(routes: MockRoutes): { calls: ApiCall[] } {
  const calls: ApiCall[] = []
  vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost')
    const method = (init?.method ?? 'GET').toUpperCase()
    let body: unknown = undefined
    if (typeof init?.body === 'string') {
      try {
        body = JSON.parse(init.body)
      } catch {
        body = init.body
      }
    } else if (init?.body != null) body = init.body
    const call: ApiCall = { method, path: url.pathname, search: url.searchParams, body, headers: new Headers(init?.headers) }
    calls.push(call)
    for (const [key, handler] of Object.entries(routes)) {
      const [m, pattern] = key.split(' ') as [string, string]
      if (m !== method) continue
      const params = match(pattern, url.pathname)
      if (params === null) continue
      const answer = await handler({ ...call, params })
      if (isStatus(answer)) return new Response(JSON.stringify(answer.body), { status: answer.__status, headers: { 'content-type': 'application/json' } })
      if (answer instanceof Response) return answer
      return new Response(answer === undefined ? null : JSON.stringify(answer), { status: answer === undefined ? 204 : 200, headers: { 'content-type': 'application/json' } })
    }
    return new Response(JSON.stringify({ code: 'NOT_FOUND', message: `no mock for ${method} ${url.pathname}` }), { status: 404 })
  })
  return { calls }
}
