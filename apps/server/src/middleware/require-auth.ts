import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { ApiErrorCode, PASSWORD_CHANGE_REQUIRED, SAFE_METHODS, roleAtLeast } from '@canopy/api-contract'
import type { Role, SessionUser } from '@canopy/api-contract'
import type { Account, AuthService } from '../services/auth.service.js'
import { setAuditActor } from './audit-requests.js'
import { HttpError } from './http-error.js'
import type { OperationIndex } from './operation.js'

const accounts = new WeakMap<Request, Account>()

/** The signed-in user of a request that passed {@link requireAuth} or {@link requireRole}. */
export function currentUser(req: Request): SessionUser {
  return currentAccount(req).user
}

/** The signed-in user of a request with its one-time password flag (401 when nobody is signed in). */
export function currentAccount(req: Request): Account {
  const account = accounts.get(req)
  if (!account) throw HttpError.unauthenticated()
  return account
}

/** The session user's current record, or undefined (not signed in, or removed since). */
function resolveAccount(req: Request, auth: AuthService): Account | undefined {
  const known = accounts.get(req)
  if (known) return known
  const name = req.session?.user?.username
  if (name === undefined) return undefined
  const account = auth.currentAccount(name)
  if (account) {
    accounts.set(req, account)
    setAuditActor(req, account.user.username)
  }
  return account
}

/**
 * Gate in front of every state-changing API request: a session is needed (401) and the CSRF token
 * of that session in `x-csrf-token` (403). Public operations (sign-in) work without a session.
 */
export function stateChangeGate(auth: AuthService, operations: OperationIndex): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.includes(req.method) || operations.matchRequest(req)?.spec.public === true) return next()
    if (!resolveAccount(req, auth)) return next(HttpError.unauthenticated())
    if (req.session?.csrfValid(req) !== true) return next(new HttpError(403, ApiErrorCode.csrf, 'Missing or invalid CSRF token; send the token from GET /api/auth/session in x-csrf-token'))
    next()
  }
}

/**
 * Gate for users with a one-time password: until they choose their own, only public operations and
 * those marked `beforePasswordChange` (the session, the password change, logout) answer; everything
 * else is 403 PASSWORD_CHANGE_REQUIRED (audited like any refusal of a state-changing request).
 */
export function passwordChangeGate(auth: AuthService, operations: OperationIndex): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const account = resolveAccount(req, auth)
    if (account?.mustChangePassword !== true) return next()
    const spec = operations.matchRequest(req)?.spec
    if (spec !== undefined && (spec.public === true || spec.beforePasswordChange === true)) return next()
    next(new HttpError(403, PASSWORD_CHANGE_REQUIRED, 'Your password is a one-time password: choose a new one (POST /api/auth/password) before using the console'))
  }
}

/** Needs a signed-in user (401 otherwise). */
export function requireAuth(auth: AuthService): RequestHandler {
  return (req, _res, next) => {
    if (!resolveAccount(req, auth)) return next(HttpError.unauthenticated())
    next()
  }
}

/** Needs a signed-in user (401) whose role is at least `role` (403). */
export function requireRole(auth: AuthService, role: Role): RequestHandler {
  return (req, _res, next) => {
    const user = resolveAccount(req, auth)?.user
    if (!user) return next(HttpError.unauthenticated())
    if (!roleAtLeast(user.role, role)) return next(HttpError.forbidden(`This needs the ${role} role; you are ${user.role}`))
    next()
  }
}
