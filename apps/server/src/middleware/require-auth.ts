import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { ApiErrorCode, SAFE_METHODS, roleAtLeast } from '@canopy/api-contract'
import type { Role, SessionUser } from '@canopy/api-contract'
import type { CsrfSync } from 'csrf-sync'
import type { AuthService } from '../services/auth.service.js'
import { setAuditActor } from './audit-requests.js'
import { HttpError } from './http-error.js'

const users = new WeakMap<Request, SessionUser>()

/** The signed-in user of a request that passed {@link requireAuth} or {@link requireRole}. */
export function currentUser(req: Request): SessionUser {
  const user = users.get(req)
  if (!user) throw HttpError.unauthenticated()
  return user
}

/** The session user's current record, or undefined (not signed in, or removed since). */
function resolveUser(req: Request, auth: AuthService): SessionUser | undefined {
  const known = users.get(req)
  if (known) return known
  const name = req.session.user?.username
  if (name === undefined) return undefined
  const user = auth.currentUser(name)
  if (user) {
    users.set(req, user)
    setAuditActor(req, user.username)
  }
  return user
}

/**
 * Gate in front of every state-changing API request: a session is needed (401) and the CSRF token
 * of that session in `x-csrf-token` (403). `exempt` lists the few paths that work without a session.
 */
export function stateChangeGate(auth: AuthService, csrf: CsrfSync, exempt: readonly string[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.includes(req.method) || exempt.includes(req.path)) return next()
    if (!resolveUser(req, auth)) return next(HttpError.unauthenticated())
    if (!csrf.isRequestValid(req)) return next(new HttpError(403, ApiErrorCode.csrf, 'Missing or invalid CSRF token; send the token from GET /api/auth/session in x-csrf-token'))
    next()
  }
}

/** Needs a signed-in user (401 otherwise). */
export function requireAuth(auth: AuthService): RequestHandler {
  return (req, _res, next) => {
    if (!resolveUser(req, auth)) return next(HttpError.unauthenticated())
    next()
  }
}

/** Needs a signed-in user (401) whose role is at least `role` (403). */
export function requireRole(auth: AuthService, role: Role): RequestHandler {
  return (req, _res, next) => {
    const user = resolveUser(req, auth)
    if (!user) return next(HttpError.unauthenticated())
    if (!roleAtLeast(user.role, role)) return next(HttpError.forbidden(`This needs the ${role} role; you are ${user.role}`))
    next()
  }
}
