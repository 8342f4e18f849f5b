/**
 * One place that turns any failure of a cluster call into the API's error body
 * `{ code, message, details? }` and an HTTP status. SequoiaDB errors keep their `SDB_*` name.
 */
import { ApiErrorCode } from '@canopy/api-contract'

/** An error the cluster routes answer with directly. */
export class ClusterApiError extends Error {
  override readonly name = 'ClusterApiError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

/** 404 with the stable NOT_FOUND code. */
export function notFound(message: string, details?: Record<string, unknown>): ClusterApiError {
  return new ClusterApiError(404, ApiErrorCode.notFound, message, details)
}

/** 400 with the stable VALIDATION_ERROR code and the offending field. */
export function badRequest(message: string, field?: string): ClusterApiError {
  return new ClusterApiError(400, ApiErrorCode.validation, message, field === undefined ? undefined : { issues: [{ path: field.split('.'), message }] })
}

// Server error names by the HTTP status that tells a client what happened.
const notFoundNames = new Set([
  'SDB_DMS_CS_NOTEXIST', 'SDB_DMS_NOTEXIST', 'SDB_IXM_NOTEXIST', 'SDB_CLS_GRP_NOT_EXIST', 'SDB_CLS_NODE_NOT_EXIST',
  'SDB_FNE', 'SDB_CAT_DOMAIN_NOT_EXIST', 'SDB_DMS_RECORD_NOTEXIST', 'SDB_RTN_CONTEXT_NOTEXIST', 'SDB_LOB_NOT_EXIST',
  'SDB_CAT_NO_MATCH_CATALOG', 'SDB_PMD_SESSION_NOT_EXIST',
])
const conflictNames = new Set([
  'SDB_DMS_CS_EXIST', 'SDB_DMS_EXIST', 'SDB_IXM_EXIST', 'SDB_IXM_REDEF', 'SDB_IXM_DUP_KEY', 'SDB_CAT_GRP_EXIST',
  'SDB_CM_CONFIG_CONFLICTS', 'SDB_FE', 'SDB_CAT_DOMAIN_EXIST', 'SDB_DMS_CS_NOT_EMPTY', 'SDB_CLS_NODE_EXIST',
  'SDB_LOB_IS_IN_USE', 'SDB_CAT_RM_GRP_FORBIDDEN', 'SDB_IXM_KEY_NOTNULL',
])
const unavailableNames = new Set([
  'SDB_NETWORK', 'SDB_NETWORK_CLOSE', 'SDB_NET_CANNOT_CONNECT', 'SDB_NOT_CONNECTED', 'SDB_CLS_NOT_PRIMARY',
  'SDB_CLS_NODE_BSFAULT', 'SDB_CLS_NO_CATALOG_INFO', 'SDB_COORD_REMOTE_DISC', 'SDB_CLS_GRP_NOT_ACTIVE',
  'SDB_RTN_NO_PRIMARY_FOUND', 'SDB_CLS_CAN_NOT_STEP_UP', 'SDB_CAT_NO_ADDR_LIST',
])
const internalNames = new Set(['SDB_SYS', 'SDB_OOM', 'SDB_NOSPC'])

/** The HTTP status for a SequoiaDB error name. */
export function statusForSdbName(name: string): number {
  if (notFoundNames.has(name)) return 404
  if (conflictNames.has(name)) return 409
  if (unavailableNames.has(name)) return 503
  if (name === 'SDB_TIMEOUT') return 504
  if (name === 'SDB_AUTH_AUTHORITY_FORBIDDEN' || name === 'SDB_NO_PRIVILEGES') return 403
  if (internalNames.has(name)) return 500
  return 400
}

/** The translated error: status and body. */
export interface TranslatedError {
  readonly status: number
  readonly body: { code: string; message: string; details?: Record<string, unknown> }
}

interface SdbLikeError {
  readonly name: string
  readonly message: string
  readonly code: number
  readonly description?: unknown
  readonly detail?: unknown
}

function isSdbError(err: unknown): err is SdbLikeError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'number'
}

/**
 * Translates any thrown value. Driver classes are recognised by their `name` (the driver's
 * `SdbNetworkError`, `SdbTimeoutError`, `SdbApiError`, ... or an `SDB_*` server name), so this
 * module needs no import of the driver.
 */
export function translateError(err: unknown): TranslatedError {
  if (err instanceof ClusterApiError) {
    return { status: err.status, body: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }
  }
  if (isSdbError(err)) {
    if (err.name === 'SdbNetworkError' || err.name === 'SdbProtocolError') {
      return { status: 503, body: { code: ApiErrorCode.clusterUnavailable, message: `Cluster unreachable: ${err.message}`, details: { sdbCode: err.code } } }
    }
    if (err.name === 'SdbTimeoutError') {
      return { status: 504, body: { code: 'SDB_TIMEOUT', message: err.message, details: { sdbCode: err.code } } }
    }
    if (err.name === 'SdbApiError') {
      return { status: 400, body: { code: ApiErrorCode.validation, message: err.message, details: { sdbCode: err.code } } }
    }
    if (err.name.startsWith('SDB_')) {
      const status = statusForSdbName(err.name)
      const details: Record<string, unknown> = { sdbCode: err.code }
      if (typeof err.description === 'string') details.description = err.description
      if (typeof err.detail === 'string' && err.detail !== '') details.detail = err.detail
      const body = status === 503 ? { code: ApiErrorCode.clusterUnavailable, message: err.message, details: { ...details, sdbName: err.name } } : { code: err.name, message: err.message, details }
      return { status, body }
    }
  }
  if (err instanceof Error && err.name === 'AbortError') {
    return { status: 499, body: { code: 'CANCELLED', message: 'The request was cancelled' } }
  }
  return { status: 500, body: { code: ApiErrorCode.internal, message: 'Internal error' } }
}
