import { Router } from 'express'
import type { Request, RequestHandler } from 'express'
import { rateLimit, ipKeyGenerator } from 'express-rate-limit'
import { ApiErrorCode, ChangePasswordRequestSchema, LoginRequestSchema, SessionResponseSchema } from '@canopy/api-contract'
import type { SessionResponse } from '@canopy/api-contract'
import { annotateAudit, setAuditActor } from '../middleware/audit-requests.js'
import { HttpError } from '../middleware/http-error.js'
import type { OperationMounter } from '../middleware/operation.js'
import { currentAccount } from '../middleware/require-auth.js'
import type { Account } from '../services/auth.service.js'
import type { ConsoleSession } from '../middleware/session.js'
import type { AuthService } from '../services/auth.service.js'
import type { UsersService } from '../services/users.service.js'

/** What the auth routes need. */
export interface AuthRoutesDeps {
  readonly mount: OperationMounter
  readonly auth: AuthService
  readonly users: UsersService
  /** Failed logins allowed per client address and user name in 15 minutes. */
  readonly loginRateLimit: number
}

const sessionAnswer = (account: Account, csrfToken: string): SessionResponse => ({ user: account.user, csrfToken, mustChangePassword: account.mustChangePassword })

/** The request's session; the session middleware runs before every /api route. */
function sessionOf(req: Request): ConsoleSession {
  if (req.session === undefined) throw new Error('The session middleware did not run')
  return req.session
}

/**
 * A limiter of failed attempts (sign-ins, wrong current passwords): only failures count, per client
 * address and user name (the one typed at sign-in, else the session's).
 */
function failureLimiter(limit: number, message: string): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const body: unknown = req.body
      const typed = typeof body === 'object' && body !== null && 'username' in body && typeof body.username === 'string' ? body.username : undefined
      const name = (typed ?? req.session?.user?.username ?? '').toLowerCase().slice(0, 64)
      return `${ipKeyGenerator(req.ip ?? 'unknown')}|${name}`
    },
    handler: (_req, _res, next) => {
      next(new HttpError(429, ApiErrorCode.rateLimited, message))
    },
  })
}

/** POST /api/auth/login, POST /api/auth/logout, GET /api/auth/session, POST /api/auth/password. */
export function authRoutes(deps: AuthRoutesDeps): Router {
  const router = Router()
  const { mount, auth } = deps

  mount(
    router,
    {
      method: 'post',
      path: '/api/auth/login',
      role: 'viewer',
      public: true,
      action: 'auth.login',
      summary: 'Sign in; sets the session cookie and returns the CSRF token',
      tags: ['auth'],
      body: LoginRequestSchema,
      response: SessionResponseSchema,
    },
    async ({ req, res, body }) => {
      annotateAudit(req, { target: body.username, params: { username: body.username } })
      const account = await auth.authenticate(body.username, body.password)
      if (!account) throw new HttpError(401, ApiErrorCode.invalidCredentials, 'Wrong user name or password')
      const { username } = account.user
      // A fresh session id on every sign-in, so a planted cookie never becomes an authenticated one.
      const session = sessionOf(req)
      session.signIn(username)
      setAuditActor(req, username)
      if (account.mustChangePassword) annotateAudit(req, { params: { username, oneTime: true } })
      res.json(sessionAnswer(account, session.csrfToken()))
    },
    [failureLimiter(deps.loginRateLimit, 'Too many failed sign-in attempts; wait 15 minutes and try again')],
  )

  mount(
    router,
    { method: 'post', path: '/api/auth/logout', role: 'viewer', beforePasswordChange: true, action: 'auth.logout', summary: 'Sign out; ends the session', tags: ['auth'], responseStatus: 204 },
    ({ req, res }) => {
      sessionOf(req).signOut()
      res.status(204).end()
    },
  )

  mount(
    router,
    {
      method: 'get',
      path: '/api/auth/session',
      role: 'viewer',
      beforePasswordChange: true,
      summary: 'The signed-in user, role, CSRF token and whether the password must be changed first',
      tags: ['auth'],
      response: SessionResponseSchema,
    },
    ({ req, res }) => {
      // The console asks for this when it loads: a good moment to renew the cookie's expiry.
      const session = sessionOf(req)
      session.sendCookie()
      res.json(sessionAnswer(currentAccount(req), session.csrfToken()))
    },
  )

  mount(
    router,
    {
      method: 'post',
      path: '/api/auth/password',
      role: 'viewer',
      beforePasswordChange: true,
      action: 'auth.change-password',
      summary: 'Change your own password (needs the current one; the new one: 12+ characters, not the current one); ends your other sessions and answers the new session',
      tags: ['auth'],
      body: ChangePasswordRequestSchema,
      response: SessionResponseSchema,
    },
    async ({ req, res, body }) => {
      const me = currentAccount(req)
      const { username } = me.user
      // Never the passwords themselves: only whether this replaced a one-time password.
      annotateAudit(req, { target: username, params: { oneTime: me.mustChangePassword } })
      if (!(await auth.authenticate(username, body.currentPassword))) {
        throw new HttpError(403, ApiErrorCode.invalidCredentials, 'The current password is wrong')
      }
      // Hashes with argon2id, clears the one-time flag and ends every session of this user (a
      // stolen cookie dies with the old password), this one included.
      await deps.users.update(username, { password: body.newPassword })
      const session = sessionOf(req)
      session.signIn(username)
      res.json(sessionAnswer({ user: me.user, mustChangePassword: false }, session.csrfToken()))
    },
    [failureLimiter(deps.loginRateLimit, 'Too many wrong current passwords; wait 15 minutes and try again')],
  )

  return router
}
