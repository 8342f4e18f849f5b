import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { SAFE_METHODS, operationId } from '@canopy/api-contract'
import type { AuditResult } from '@canopy/api-contract'
import type { AuditService } from '../services/audit.service.js'
import { requestPath } from './operation.js'
import type { OperationIndex } from './operation.js'

/** What a route handler adds to its request's audit row. */
export interface AuditAnnotation {
  /** Semantic action name, e.g. `documents.update`. */
  readonly action?: string
  /** What was acted on, e.g. `cs.cl` or a user name. */
  readonly target?: string
  /** Parameters worth recording (secrets are redacted anyway); default: the request body and query. */
  readonly params?: unknown
  readonly result?: 'ok' | 'error'
  readonly error?: { readonly code: string; readonly message: string }
  /** For document edits: the document(s) before, typed JSON. */
  readonly before?: unknown
  /** For document edits: the document(s) after, typed JSON. */
  readonly after?: unknown
}

interface AuditState {
  annotation: AuditAnnotation
  actor: string | null
}

const states = new WeakMap<Request, AuditState>()

function resultOf(status: number, annotated: AuditAnnotation['result']): AuditResult {
  if (status === 401 || status === 403 || status === 429) return 'refused'
  if (status >= 400 || annotated === 'error') return 'error'
  return 'ok'
}

/** Sets who the request acts for, so the row names them even after logout destroys the session. */
export function setAuditActor(req: Request, actor: string): void {
  const state = states.get(req)
  if (state) state.actor = actor
}

/**
 * Adds facts to the request's audit row. On a request that is not audited automatically (a GET),
 * the caller gets its own row right away through `writeNow`.
 */
export function annotateAudit(req: Request, annotation: AuditAnnotation, writeNow?: (a: AuditAnnotation) => void): void {
  const state = states.get(req)
  if (state) state.annotation = { ...state.annotation, ...annotation }
  else writeNow?.(annotation)
}

/**
 * Records every state-changing request, allowed or refused, as one audit row when its response
 * finishes (or the client goes away). Operations marked `readOnly` in the contract (a query, a
 * count, an explain sent as POST) change nothing, so only their refusals (401/403/429) are recorded.
 */
export function auditRequests(
  audit: AuditService,
  operations: OperationIndex,
  actorOf: (req: Request) => string | null,
  onError: (err: unknown) => void,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.includes(req.method)) return next()
    const state: AuditState = { annotation: {}, actor: null }
    states.set(req, state)
    let written = false
    const write = () => {
      if (written) return
      written = true
      const path = requestPath(req)
      const match = operations.matchRequest(req)
      const a = state.annotation
      const status = res.writableFinished || res.headersSent ? res.statusCode : 499
      const result = resultOf(status, a.result)
      if (match?.spec.readOnly === true && result !== 'refused') return
      const errorCode = a.error?.code ?? (typeof res.locals['errorCode'] === 'string' ? res.locals['errorCode'] : null)
      const params = a.params ?? defaultParams(req)
      const defaultTarget = match && Object.keys(match.params).length > 0 ? Object.values(match.params).join('/') : null
      try {
        audit.append({
          actor: state.actor ?? actorOf(req),
          ip: req.ip ?? null,
          method: req.method,
          path,
          action: a.action ?? match?.spec.action ?? (match ? operationId(match.spec) : `${req.method} ${path}`),
          target: a.target ?? defaultTarget,
          params,
          result,
          status,
          errorCode: status >= 400 || a.result === 'error' ? errorCode : null,
          before: a.before,
          after: a.after,
        })
      } catch (err) {
        // A lost audit row must be loud, but it must not take the server down with it.
        onError(err)
      }
    }
    res.once('finish', write)
    res.once('close', write)
    next()
  }
}

function defaultParams(req: Request): unknown {
  const body: unknown = req.body
  const query = req.query
  const hasQuery = Object.keys(query).length > 0
  const hasBody = body !== undefined && !(typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0)
  if (!hasQuery && !hasBody) return undefined
  return { ...(hasBody ? { body } : {}), ...(hasQuery ? { query } : {}) }
}
