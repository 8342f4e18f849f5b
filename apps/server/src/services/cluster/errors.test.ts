import { describe, expect, it } from 'vitest'
import { SdbApiError, SdbNetworkError, SdbServerError, SdbTimeoutError } from '@canopy/sdb-client'
import { ClusterApiError, translateError } from './errors.js'

describe('translateError', () => {
  it('keeps the SDB name of server errors and picks the status a client expects', () => {
    expect(translateError(new SdbServerError(-34))).toMatchObject({ status: 404, body: { code: 'SDB_DMS_CS_NOTEXIST', details: { sdbCode: -34 } } })
    expect(translateError(new SdbServerError(-38, { detail: 'dup on {a:1}' }))).toMatchObject({ status: 409, body: { code: 'SDB_IXM_DUP_KEY', details: { detail: 'dup on {a:1}' } } })
    expect(translateError(new SdbServerError(-6))).toMatchObject({ status: 400, body: { code: 'SDB_INVALIDARG' } })
    expect(translateError(new SdbServerError(-104))).toMatchObject({ status: 503, body: { code: 'CLUSTER_UNAVAILABLE', details: { sdbName: 'SDB_CLS_NOT_PRIMARY' } } })
  })

  it('reports network trouble as 503, timeouts as 504, misuse as 400', () => {
    expect(translateError(new SdbNetworkError('connection refused'))).toMatchObject({ status: 503, body: { code: 'CLUSTER_UNAVAILABLE' } })
    expect(translateError(new SdbTimeoutError('took too long'))).toMatchObject({ status: 504, body: { code: 'SDB_TIMEOUT' } })
    expect(translateError(new SdbApiError('bad argument'))).toMatchObject({ status: 400, body: { code: 'VALIDATION_ERROR' } })
  })

  it('passes its own errors through and hides anything else', () => {
    expect(translateError(new ClusterApiError(404, 'NOT_FOUND', 'gone', { x: 1 }))).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: 'gone', details: { x: 1 } } })
    const hidden = translateError(new TypeError('secret internals at line 3'))
    expect(hidden).toEqual({ status: 500, body: { code: 'INTERNAL_ERROR', message: 'Internal error' } })
  })
})
