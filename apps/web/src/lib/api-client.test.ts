import { describe, expect, it } from 'vitest'
import { mockApi } from '../testing/mock-api.js'
import { ApiError, apiFetch, setCsrfToken } from './api-client.js'

describe('api client', () => {
  it('sends the CSRF token on writes only', async () => {
    const { calls } = mockApi({ 'GET /api/x': () => ({ ok: true }), 'POST /api/x': () => ({ ok: true }) })
    setCsrfToken('tok')
    await apiFetch('/x')
    await apiFetch('/x', { method: 'POST', body: { a: 1 } })
    expect(calls[0]!.headers.get('x-csrf-token')).toBeNull()
    expect(calls[1]!.headers.get('x-csrf-token')).toBe('tok')
    expect(calls[1]!.body).toEqual({ a: 1 })
    setCsrfToken(null)
  })

  it('turns error bodies into ApiError with the SequoiaDB code', async () => {
    mockApi({ 'POST /api/y': () => ({ __status: 409, body: { code: 'SDB_DMS_CS_EXIST', message: 'Collection space already exists', details: { sdbCode: -33 } } }) })
    const err = await apiFetch('/y', { method: 'POST' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'SDB_DMS_CS_EXIST', status: 409, details: { sdbCode: -33 } })
  })

  it('reports an unreachable server as a NETWORK error', async () => {
    const { vi } = await import('vitest')
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    await expect(apiFetch('/z')).rejects.toMatchObject({ code: 'NETWORK', status: 0 })
  })
})
