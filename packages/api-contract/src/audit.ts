import { z } from 'zod'

/** How a state-changing request ended: done, refused (401/403/429/CSRF), or failed. */
export const AuditResult = { ok: 'ok', refused: 'refused', error: 'error' } as const

/** One of {@link AuditResult}. */
export type AuditResult = (typeof AuditResult)[keyof typeof AuditResult]

/** One row of the append-only audit log. */
export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime().describe('When (UTC)'),
    actor: z.string().nullable().describe('Console user, or null when nobody was signed in'),
    ip: z.string().nullable().describe('Where the request came from'),
    method: z.string(),
    path: z.string(),
    action: z.string().describe('What was attempted, e.g. auth.login, users.create, documents.update'),
    target: z.string().nullable().describe('What it acted on, e.g. a user name or cs.cl'),
    params: z.unknown().optional().describe('Request parameters, secrets redacted'),
    result: z.enum([AuditResult.ok, AuditResult.refused, AuditResult.error]),
    status: z.number().int().nullable().describe('HTTP status answered'),
    errorCode: z.string().nullable(),
    before: z.unknown().optional().describe('For document edits: the document before (typed JSON)'),
    after: z.unknown().optional().describe('For document edits: the document after (typed JSON)'),
  })
  .meta({ id: 'AuditEntry' })

/** An audit log row. */
export type AuditEntry = z.infer<typeof AuditEntrySchema>

/** GET /api/audit query: newest first, `before` = an id to page backwards from. */
export const AuditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: z.coerce.number().int().min(1).optional(),
    actor: z.string().min(1).max(64).optional(),
    action: z.string().min(1).max(128).optional(),
  })
  .strict()

/** Audit query. */
export type AuditQuery = z.infer<typeof AuditQuerySchema>

/** GET /api/audit answer; `nextBefore` pages to older rows (absent at the end). */
export const AuditPageSchema = z
  .object({ entries: z.array(AuditEntrySchema), nextBefore: z.number().int().optional() })
  .meta({ id: 'AuditPage' })

/** Audit page. */
export type AuditPage = z.infer<typeof AuditPageSchema>
