import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ApiRegistry, operationId, toExpressPath } from './openapi.js'
import { LoginRequestSchema, SessionResponseSchema } from './auth.js'
import { TypedJsonDocumentSchema } from './typed-json.js'

describe('ApiRegistry', () => {
  it('documents every operation with x-required-role, security and error responses', () => {
    const registry = new ApiRegistry()
    registry.add({ method: 'post', path: '/api/auth/login', role: 'viewer', public: true, summary: 'Sign in', body: LoginRequestSchema, response: SessionResponseSchema })
    registry.add({
      method: 'post',
      path: '/api/clusters/{cluster}/documents',
      role: 'operator',
      summary: 'Insert',
      params: z.object({ cluster: z.string() }),
      body: z.object({ documents: z.array(TypedJsonDocumentSchema) }),
      responseStatus: 201,
    })
    const doc = registry.openApiDocument({ title: 'Canopy', version: '1' })
    expect(doc.openapi).toBe('3.1.0')
    const login = doc.paths?.['/api/auth/login']?.post as Record<string, unknown>
    expect(login['x-required-role']).toBe('viewer')
    expect(login['security']).toEqual([])
    const insert = doc.paths?.['/api/clusters/{cluster}/documents']?.post as Record<string, unknown>
    expect(insert['x-required-role']).toBe('operator')
    expect(insert['security']).toEqual([{ session: [], csrf: [] }])
    expect(Object.keys(insert['responses'] as object)).toEqual(expect.arrayContaining(['201', '400', '401', '403']))
    expect(JSON.stringify(doc)).toContain('"in":"path"')
  })

  it('derives stable operation ids and express paths', () => {
    expect(operationId({ method: 'patch', path: '/api/users/{username}' })).toBe('patchApiUsersByUsername')
    expect(operationId({ method: 'get', path: '/api/saved-queries' })).toBe('getApiSavedQueries')
    expect(toExpressPath('/api/clusters/{cluster}/groups/{group}')).toBe('/api/clusters/:cluster/groups/:group')
  })
})
