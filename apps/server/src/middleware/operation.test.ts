import { describe, expect, it } from 'vitest'
import { ApiRegistry } from '@canopy/api-contract'
import { OperationIndex, routePath } from './operation.js'
import type { RequestLine } from './operation.js'

const registry = () => {
  const r = new ApiRegistry()
  r.add({ method: 'get', path: '/api/clusters/{cluster}/collection-spaces/{cs}', role: 'viewer', summary: 'One space' })
  r.add({ method: 'post', path: '/api/clusters/{cluster}/collection-spaces/{cs}/collections/{cl}/documents/query', role: 'viewer', readOnly: true, summary: 'Query' })
  r.add({ method: 'post', path: '/api/auth/login', role: 'viewer', public: true, summary: 'Sign in' })
  return r
}

describe('OperationIndex', () => {
  it('finds the operation of a method and path with its decoded parameters', () => {
    const index = new OperationIndex(registry())
    const m = index.match('POST', '/api/clusters/embedded/collection-spaces/sales%20db/collections/orders/documents/query')
    expect(m?.spec.summary).toBe('Query')
    expect(m?.params).toEqual({ cluster: 'embedded', cs: 'sales db', cl: 'orders' })
    expect(index.match('get', '/api/clusters/embedded/collection-spaces/sales/')?.params).toEqual({ cluster: 'embedded', cs: 'sales' })
  })

  it('tells nothing for another method, a longer path or an empty segment', () => {
    const index = new OperationIndex(registry())
    expect(index.match('DELETE', '/api/auth/login')).toBeUndefined()
    expect(index.match('GET', '/api/clusters/embedded/collection-spaces/sales/extra')).toBeUndefined()
    expect(index.match('GET', '/api/clusters//collection-spaces/sales')).toBeUndefined()
  })

  it('keeps a parameter that is not valid percent-encoding as it came', () => {
    expect(new OperationIndex(registry()).match('GET', '/api/clusters/a%zz/collection-spaces/b')?.params).toEqual({ cluster: 'a%zz', cs: 'b' })
  })

  it('sees operations registered after it was built', () => {
    const r = registry()
    const index = new OperationIndex(r)
    expect(index.match('POST', '/api/users')).toBeUndefined()
    r.add({ method: 'post', path: '/api/users', role: 'admin', summary: 'Create' })
    expect(index.match('POST', '/api/users')?.spec.role).toBe('admin')
  })
})

describe('routePath', () => {
  it('turns the documented path into the Express path of a router at its mount point', () => {
    expect(routePath({ path: '/api/clusters/{cluster}/sql' })).toBe('/api/clusters/:cluster/sql')
    expect(routePath({ path: '/api/clusters/{cluster}/sql' }, '/api')).toBe('/clusters/:cluster/sql')
    expect(routePath({ path: '/apiary/{x}' }, '/api')).toBe('/apiary/:x')
  })
})

describe('OperationIndex.matchRequest', () => {
  it('matches by the original URL, without the query string', () => {
    const index = new OperationIndex(registry())
    const req: RequestLine = { method: 'POST', originalUrl: '/api/auth/login?next=%2F' }
    expect(index.matchRequest(req)?.spec.summary).toBe('Sign in')
    expect(index.matchRequest(req)?.spec.summary).toBe('Sign in')
    const other: RequestLine = { method: 'GET', originalUrl: '/api/nowhere' }
    expect(index.matchRequest(other)).toBeUndefined()
  })
})
