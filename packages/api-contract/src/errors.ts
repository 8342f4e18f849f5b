import { z } from 'zod'

/**
 * Stable error codes the Canopy API answers with, besides SequoiaDB's own `SDB_*` names.
 * The web app switches on these, so they never change meaning.
 */
export const ApiErrorCode = {
  validation: 'VALIDATION_ERROR',
  unauthenticated: 'UNAUTHENTICATED',
  invalidCredentials: 'INVALID_CREDENTIALS',
  forbidden: 'FORBIDDEN',
  csrf: 'CSRF_INVALID',
  notFound: 'NOT_FOUND',
  conflict: 'CONFLICT',
  rateLimited: 'RATE_LIMITED',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  clusterUnavailable: 'CLUSTER_UNAVAILABLE',
  internal: 'INTERNAL_ERROR',
} as const

/** One of the {@link ApiErrorCode} values. */
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode]

/** One field-level problem inside a validation error's `details.issues`. */
export const ValidationIssueSchema = z
  .object({
    path: z.array(z.union([z.string(), z.number()])).describe('Where in the request the problem is, e.g. ["body","username"]'),
    message: z.string(),
  })
  .meta({ id: 'ValidationIssue' })

/** A validation issue. */
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>

/**
 * The one error body every failing request answers with.
 * `code` is an {@link ApiErrorCode} or, for errors raised by SequoiaDB, its `SDB_*` name.
 */
export const ErrorBodySchema = z
  .object({
    code: z.string().describe('Stable error name: one of ApiErrorCode, or the SDB_* name of a SequoiaDB error'),
    message: z.string().describe('Human-readable explanation; never a stack trace'),
    details: z.record(z.string(), z.unknown()).optional().describe('Extra structured facts, e.g. { issues: ValidationIssue[] } or { sdbCode: -34 }'),
  })
  .meta({ id: 'ErrorBody' })

/** The error body. */
export type ErrorBody = z.infer<typeof ErrorBodySchema>
