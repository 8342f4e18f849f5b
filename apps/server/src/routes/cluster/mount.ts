/**
 * How the cluster routes mount an operation: register it (OpenAPI + audit matching), guard it
 * with its role, parse params/query/body with the contract's schemas, and translate failures
 * once. Abort-aware: the handler gets a signal that fires when the client goes away.
 */
import type { Request, RequestHandler, Response, Router } from 'express'
import type { OperationSpec } from '@canopy/api-contract'
import { ZodError } from 'zod'
import { parseTypedJson, stringifyTypedJson } from '@canopy/sdb-client/bson'
import type { TypedJson } from '@canopy/sdb-client/bson'
import type { AuditAnnotation } from '../../middleware/audit-requests.js'
import { mountSpec, parseParts } from '../../middleware/operation.js'
import type { OperationInput } from '../../middleware/operation.js'
import type { ClusterRegistry, ClusterLogger } from '../../services/cluster/cluster-registry.js'
import { translateError } from '../../services/cluster/errors.js'

/** Role names, least first. */
export type Role = OperationSpec['role']

/** What a cluster route adds to its request's audit row (the platform's `AuditAnnotation`). */
export type ClusterAuditEntry = AuditAnnotation

/** What the platform passes to the cluster routes (agreed in /work/notes/requests.md). */
export interface ClusterRouteDeps {
  readonly clusters: ClusterRegistry
  /** Session required (401) and role check (403, audited). */
  readonly requireRole: (role: Role) => RequestHandler
  /** Merges an entry into this request's audit row. */
  readonly audit: { record(req: Request, entry: ClusterAuditEntry): void }
  /** Adds the operation to the OpenAPI document and the audit matcher. */
  readonly registerOperation?: (spec: OperationSpec) => void
  readonly logger?: ClusterLogger
  /** Poll interval of the event stream, ms (default 2000). */
  readonly eventIntervalMs?: number
}

/** What a handler receives. */
export interface ClusterInput<S extends OperationSpec> extends OperationInput<S> {
  /** Fires when the client disconnects before the response is complete. */
  readonly signal: AbortSignal
}

/**
 * The JSON body with the field order of its text: `JSON.parse` moves integer-like keys ("10")
 * first, which would reorder documents and conditions. Used when the platform's JSON parser kept
 * the raw bytes (`req.rawBody`); otherwise the parsed body as is.
 */
function orderedBody(req: Request): unknown {
  const raw = (req as { rawBody?: unknown }).rawBody
  if (Buffer.isBuffer(raw) && raw.length > 0 && req.is('application/json') !== false) {
    try {
      return parseTypedJson(raw.toString('utf8'))
    } catch {
      // The platform's parser accepted it; fall back to its result.
    }
  }
  return (req.body as unknown) ?? {}
}

/** Sends typed JSON keeping each document's field order (integer-like keys included). */
export function sendTyped(res: Response, body: unknown, status = 200): void {
  res.status(status).type('application/json').send(stringifyTypedJson(body as TypedJson))
}

/** Binds mounting to the deps. */
export function clusterMounter(deps: ClusterRouteDeps) {
  return function mount<const S extends OperationSpec>(router: Router, spec: S, handler: (input: ClusterInput<S>) => unknown): void {
    mountSpec({
      router,
      register: (s) => deps.registerOperation?.(s),
      guard: deps.requireRole,
      spec,
      // The router is mounted at /api; the spec paths carry the prefix for the OpenAPI document.
      mountedAt: '/api',
      run: async (req, res, next) => {
        const ac = new AbortController()
        res.on('close', () => {
          if (!res.writableFinished) ac.abort()
        })
        try {
          const parts = parseParts(spec, req, spec.requestContentType === undefined ? orderedBody(req) : undefined)
          await handler({ req, res, ...parts, signal: ac.signal })
        } catch (err) {
          if (err instanceof ZodError) {
            next(err)
            return
          }
          const t = translateError(err)
          if (t.status >= 500 && t.status !== 503 && t.status !== 504) {
            deps.logger?.error({ err, path: req.path }, 'cluster route failed')
          }
          if (spec.method !== 'get') deps.audit.record(req, { result: 'error', error: { code: t.body.code, message: t.body.message } })
          if (res.headersSent) {
            // A stream already started: all we can do is cut it so the client sees it incomplete.
            res.destroy()
            return
          }
          if (ac.signal.aborted) return
          res.status(t.status === 499 ? 400 : t.status).json(t.body)
        }
      },
    })
  }
}

/** The mount function type. */
export type ClusterMount = ReturnType<typeof clusterMounter>
