import { describe, expect, it } from 'vitest'
import { AuditQuerySchema, CreateSavedQueryRequestSchema, CreateUserRequestSchema, LoginRequestSchema, roleAtLeast, UpdateUserRequestSchema } from './index.js'

describe('platform schemas', () => {
  it('orders roles viewer < operator < admin', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true)
    expect(roleAtLeast('operator', 'operator')).toBe(true)
    expect(roleAtLeast('viewer', 'operator')).toBe(false)
  })

  it('refuses unknown fields, short passwords and odd user names', () => {
    expect(LoginRequestSchema.safeParse({ username: 'a', password: 'b', extra: 1 }).success).toBe(false)
    expect(CreateUserRequestSchema.safeParse({ username: 'dba', password: 'long-enough-pass', role: 'operator' }).success).toBe(true)
    expect(CreateUserRequestSchema.safeParse({ username: 'dba', password: 'short', role: 'operator' }).success).toBe(false)
    expect(CreateUserRequestSchema.safeParse({ username: 'd ba', password: 'long-enough-pass', role: 'operator' }).success).toBe(false)
    expect(CreateUserRequestSchema.safeParse({ username: 'dba', password: 'long-enough-pass', role: 'root' }).success).toBe(false)
  })

  it('needs a role or a password to update a user', () => {
    expect(UpdateUserRequestSchema.safeParse({}).success).toBe(false)
    expect(UpdateUserRequestSchema.safeParse({ role: 'viewer' }).success).toBe(true)
  })

  it('reads audit query strings as numbers with bounds', () => {
    expect(AuditQuerySchema.parse({})).toEqual({ limit: 100 })
    expect(AuditQuerySchema.parse({ limit: '20', before: '7' })).toEqual({ limit: 20, before: 7 })
    expect(AuditQuerySchema.safeParse({ limit: '0' }).success).toBe(false)
    expect(AuditQuerySchema.safeParse({ limit: 'lots' }).success).toBe(false)
  })

  it('saves queries only for a cs.cl collection, keeping typed JSON as is', () => {
    const ok = CreateSavedQueryRequestSchema.parse({ name: ' Adults ', visibility: 'shared', cluster: 'embedded', collection: 'foo.bar', query: { condition: { age: { $gte: { $numberLong: '18' } } } } })
    expect(ok.name).toBe('Adults')
    expect(ok.query.condition).toEqual({ age: { $gte: { $numberLong: '18' } } })
    expect(CreateSavedQueryRequestSchema.safeParse({ name: 'x', visibility: 'shared', cluster: 'c', collection: 'foo', query: {} }).success).toBe(false)
  })
})
