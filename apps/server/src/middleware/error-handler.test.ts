import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { statusForSdbName, translateError } from './error-handler.js'
import { HttpError } from './http-error.js'

class FakeSdbServerError extends Error {
  constructor(
    readonly code: number,
    name: string,
    readonly description: string,
    readonly detail: string,
  ) {
    super(`${description}: ${detail}`)
    this.name = name
  }
}

describe('translateError', () => {
  it('maps SequoiaDB errors by their SDB_* name to the right status', () => {
    expect(translateError(new FakeSdbServerError(-33, 'SDB_DMS_CS_EXIST', 'Collection space already exists', ''))).toEqual({
      status: 409,
      body: { code: 'SDB_DMS_CS_EXIST', message: 'Collection space already exists', details: { sdbCode: -33 } },
    })
    expect(translateError(new FakeSdbServerError(-34, 'SDB_DMS_CS_NOTEXIST', 'Collection space does not exist', 'foo'))?.status).toBe(404)
    expect(statusForSdbName('SDB_DMS_NOTEXIST')).toBe(404)
    expect(statusForSdbName('SDB_IXM_DUP_KEY')).toBe(409)
    expect(statusForSdbName('SDB_NETWORK')).toBe(503)
    expect(statusForSdbName('SDB_CLS_NOT_PRIMARY')).toBe(503)
    expect(statusForSdbName('SDB_INVALIDARG')).toBe(400)
  })

  it('maps the driver network and timeout errors to 503', () => {
    const net = Object.assign(new Error('connect ECONNREFUSED'), { code: -15 })
    net.name = 'SdbNetworkError'
    expect(translateError(net)).toMatchObject({ status: 503, body: { code: 'SDB_NETWORK' } })
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: -79 })
    refused.name = 'SdbNetworkError'
    expect(translateError(refused)).toMatchObject({ status: 503, body: { code: 'SDB_NET_CANNOT_CONNECT', details: { sdbCode: -79 } } })
  })

  it('turns a ZodError into 400 naming the fields', () => {
    const r = z.object({ a: z.number() }).safeParse({ a: 'x' })
    expect(r.success).toBe(false)
    const t = translateError(r.error)
    expect(t?.status).toBe(400)
    expect(t?.body.code).toBe('VALIDATION_ERROR')
    expect(t?.body.details).toEqual({ issues: [{ path: ['a'], message: expect.any(String) }] })
  })

  it('keeps HttpError as is and leaves unknown errors to the 500 fallback', () => {
    expect(translateError(HttpError.conflict('taken'))).toEqual({ status: 409, body: { code: 'CONFLICT', message: 'taken' } })
    expect(translateError(new TypeError('x is undefined'))).toBeUndefined()
    expect(translateError(Object.assign(new Error('bad'), { status: 400, type: 'entity.parse.failed' }))?.body).toEqual({ code: 'VALIDATION_ERROR', message: 'The request body is not valid JSON' })
  })
})
