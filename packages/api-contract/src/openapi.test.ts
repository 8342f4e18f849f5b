import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ApiRegistry, operationId, toExpressPath } from './openapi.js'
import { ChangePasswordRequestSchema, LoginRequestSchema, SessionResponseSchema } from './auth.js'
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

  it('shows read-only POSTs and the operations open before a password change', () => {
    const registry = new ApiRegistry()
    registry.add({ method: 'post', path: '/api/things/query', role: 'viewer', readOnly: true, summary: 'Query' })
    registry.add({ method: 'get', path: '/api/auth/session', role: 'viewer', beforePasswordChange: true, summary: 'Session' })
    registry.add({ method: 'post', path: '/api/things', role: 'operator', summary: 'Insert' })
    const paths = registry.openApiDocument({ title: 'Canopy', version: '1' }).paths ?? {}
    const query = paths['/api/things/query']?.post as Record<string, unknown>
    const session = paths['/api/auth/session']?.get as Record<string, unknown>
    const insert = paths['/api/things']?.post as Record<string, unknown>
    expect(query['x-read-only']).toBe(true)
    expect(session['x-before-password-change']).toBe(true)
    expect(insert['x-read-only']).toBeUndefined()
    expect(insert['x-before-password-change']).toBeUndefined()
    expect(JSON.stringify(insert['responses'])).toContain('PASSWORD_CHANGE_REQUIRED')
    expect(JSON.stringify(session['responses'])).not.toContain('PASSWORD_CHANGE_REQUIRED')
  })

  it('refuses a new password equal to the current one, naming the field', () => {
    const same = ChangePasswordRequestSchema.safeParse({ currentPassword: 'the-same-password', newPassword: 'the-same-password' })
    expect(same.success).toBe(false)
    expect(same.error?.issues[0]?.path).toEqual(['newPassword'])
    expect(ChangePasswordRequestSchema.safeParse({ currentPassword: 'old-password', newPassword: 'a-new-password!' }).success).toBe(true)
    expect(ChangePasswordRequestSchema.safeParse({ currentPassword: 'old-password', newPassword: 'short' }).success).toBe(false)
  })

  it('derives stable operation ids and express paths', () => {
    expect(operationId({ method: 'patch', path: '/api/users/{username}' })).toBe('patchApiUsersByUsername')
    expect(operationId({ method: 'get', path: '/api/saved-queries' })).toBe('getApiSavedQueries')
    expect(toExpressPath('/api/clusters/{cluster}/groups/{group}')).toBe('/api/clusters/:cluster/groups/:group')
  })
})
