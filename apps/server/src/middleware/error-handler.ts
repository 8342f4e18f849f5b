import type { ErrorRequestHandler, RequestHandler } from 'express'
import { ZodError } from 'zod'
import { errorByCode } from '@canopy/sdb-client'
import { ApiErrorCode } from '@canopy/api-contract'
import type { ErrorBody } from '@canopy/api-contract'
import { HttpError } from './http-error.js'

/** Logs unexpected errors; the client only ever sees `{ code, message }`. */
export interface ErrorLogger {
  error(obj: object, msg?: string): void
}

interface Translated {
  readonly status: number
  readonly body: ErrorBody
}

// The driver's non-server errors carry a class name; these are their SDB_* names and statuses.
const driverErrors: Record<string, { name: string; status: number }> = {
  SdbNetworkError: { name: 'SDB_NETWORK', status: 503 },
  SdbTimeoutError: { name: 'SDB_TIMEOUT', status: 503 },
  SdbProtocolError: { name: 'SDB_NET_BROKEN_MSG', status: 502 },
  SdbApiError: { name: 'SDB_INVALIDARG', status: 400 },
}

/** HTTP status for a SequoiaDB error name. */
export function statusForSdbName(name: string): number {
  if (/NOTEXIST|NOT_EXIST|_FNE$/.test(name)) return 404
  if (/EXIST|_REDEF|DUP_KEY/.test(name)) return 409
  if (/^SDB_(NETWORK|NET_|TIMEOUT|NOT_CONNECTED|CLS_NOT_PRIMARY|CLS_NODE_NOT_ENOUGH|COORD_REMOTE_DISC|CLS_FULL_SYNC|RTN_NO_PRIMARY)/.test(name)) return 503
  if (/AUTH_AUTHORITY_FORBIDDEN|OPERATION_INCOMPATIBLE_PERMISSION/.test(name)) return 403
  if (name === 'SDB_INTERRUPT' || name === 'SDB_APP_INTERRUPT') return 409
  return 400
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}

/**
 * Recognises the driver's SdbError tree by shape (`code` + `name`) rather than `instanceof`, so an
 * error from a second copy of the driver (source vs dist) is still recognised.
 */
function sdbError(err: unknown): Translated | undefined {
  if (!(err instanceof Error) || !isRecord(err)) return undefined
  const code = err['code']
  if (typeof code !== 'number' || code >= 0) return undefined
  const driver = driverErrors[err.name]
  if (driver) {
    // The code names the failure more exactly than the class (SDB_NET_CANNOT_CONNECT, ...).
    const name = errorByCode(code)?.name ?? driver.name
    return { status: driver.status, body: { code: name, message: err.message, details: { sdbCode: code } } }
  }
  if (!err.name.startsWith('SDB_')) return undefined
  const description = typeof err['description'] === 'string' ? err['description'] : err.message
  const detail = typeof err['detail'] === 'string' && err['detail'] !== '' ? err['detail'] : undefined
  return {
    status: statusForSdbName(err.name),
    body: { code: err.name, message: detail ? `${description}: ${detail}` : description, details: { sdbCode: code, ...(detail ? { detail } : {}) } },
  }
}

const codeForStatus = (status: number): string =>
  status === 401
    ? ApiErrorCode.unauthenticated
    : status === 403
      ? ApiErrorCode.forbidden
      : status === 404
        ? ApiErrorCode.notFound
        : status === 409
          ? ApiErrorCode.conflict
          : status === 413
            ? ApiErrorCode.payloadTooLarge
            : status === 429
              ? ApiErrorCode.rateLimited
              : ApiErrorCode.validation

/** Turns any thrown value into the status and `{ code, message, details? }` the client gets. */
export function translateError(err: unknown): Translated | undefined {
  if (err instanceof HttpError) {
    return { status: err.status, body: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }
  }
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }))
    const first = issues[0]
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : ''
    return { status: 400, body: { code: ApiErrorCode.validation, message: `Invalid request: ${where}${first?.message ?? 'invalid'}`, details: { issues } } }
  }
  const sdb = sdbError(err)
  if (sdb) return sdb
  // Errors from other services that already carry an HTTP status and a stable code (e.g. the
  // cluster services' ClusterApiError) pass through unchanged.
  if (err instanceof Error && isRecord(err) && typeof err['status'] === 'number' && typeof err['code'] === 'string' && /^[A-Z][A-Z0-9_]*$/.test(err['code'])) {
    const status = err['status']
    if (status >= 400 && status <= 599) {
      const details = err['details']
      return { status, body: { code: err['code'], message: err.message, ...(isRecord(details) ? { details } : {}) } }
    }
  }
  // body-parser, http-errors and Express's own errors carry a 4xx `status` and an `expose` flag.
  if (isRecord(err)) {
    const status = typeof err['status'] === 'number' ? err['status'] : typeof err['statusCode'] === 'number' ? err['statusCode'] : undefined
    if (status !== undefined && status >= 400 && status < 500) {
      const type = err['type']
      const message =
        type === 'entity.parse.failed'
          ? 'The request body is not valid JSON'
          : type === 'entity.too.large'
            ? 'The request body is too large'
            : err['expose'] === true && typeof err['message'] === 'string'
              ? err['message']
              : 'Bad request'
      return { status, body: { code: codeForStatus(status), message } }
    }
  }
  return undefined
}

/** The one error handler: known errors get their status and code, anything else 500 without a stack. */
export function errorHandler(logger: ErrorLogger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err)
      return
    }
    const known = translateError(err)
    const { status, body } = known ?? { status: 500, body: { code: ApiErrorCode.internal, message: 'Internal server error' } }
    if (!known || status >= 500) logger.error({ err, method: req.method, path: req.path }, 'request failed')
    res.locals['errorCode'] = body.code
    res.status(status).json(body)
  }
}

/** 404 for any `/api` path no route answered. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(HttpError.notFound(`No API route ${req.method} ${req.baseUrl}${req.path}`))
}
