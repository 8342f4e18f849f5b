/** Requests whose bodies and answers are typed JSON, kept exact (no JSON.parse round trip). */
import { ApiError, apiHeaders, apiUrl, errorFromResponse } from './api-client.js'
import { parseTypedJson, stringifyTypedJson, type TypedValue } from './typed-json.js'

/** Assembles a body from plain parts and typed-JSON texts without re-parsing through JSON.parse. */
export function typedJsonBody(parts: Readonly<Record<string, string | number | boolean | undefined>>, typed: Readonly<Record<string, string | undefined>>): string {
  const items: string[] = []
  for (const [k, v] of Object.entries(typed)) if (v !== undefined && v.trim() !== '') items.push(`${JSON.stringify(k)}:${stringifyTypedJson(parseTypedJson(v))}`)
  for (const [k, v] of Object.entries(parts)) if (v !== undefined) items.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`)
  return `{${items.join(',')}}`
}

/** POSTs typed JSON and parses the typed JSON answer. */
export async function postTypedJson(path: string, body: string, signal?: AbortSignal): Promise<TypedValue> {
  let res: Response
  try {
    res = await fetch(apiUrl(path), { method: 'POST', headers: apiHeaders('POST', true), body, credentials: 'same-origin', signal: signal ?? null })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError('NETWORK', 'The Canopy server could not be reached', 0)
  }
  if (!res.ok) throw await errorFromResponse(res)
  return parseTypedJson(await res.text())
}
