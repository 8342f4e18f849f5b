import { Router } from 'express'
import type { Request, RequestHandler } from 'express'
import { rateLimit, ipKeyGenerator } from 'express-rate-limit'
import type { CsrfSync } from 'csrf-sync'
import { ApiErrorCode, ChangePasswordRequestSchema, LoginRequestSchema, SessionResponseSchema } from '@canopy/api-contract'
import { annotateAudit, setAuditActor } from '../middleware/audit-requests.js'
import { HttpError } from '../middleware/http-error.js'
import type { OperationMounter } from '../middleware/operation.js'
import { currentUser } from '../middleware/require-auth.js'
import { SESSION_COOKIE } from '../middleware/session.js'
import type { AuthService } from '../services/auth.service.js'
import type { UsersService } from '../services/users.service.js'

/** What the auth routes need. */
export interface AuthRoutesDeps {
  readonly mount: OperationMounter
  readonly auth: AuthService
  readonly users: UsersService
  readonly csrf: CsrfSync
  /** Failed logins allowed per client address and user name in 15 minutes. */
  readonly loginRateLimit: number
}

const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) => {
    req.session.regenerate((err: unknown) => (err ? reject(err instanceof Error ? err : new Error('The session store failed')) : resolve()))
  })

const destroy = (req: Request) =>
  new Promise<void>((resolve, reject) => {
    req.session.destroy((err: unknown) => (err ? reject(err instanceof Error ? err : new Error('The session store failed')) : resolve()))
  })

/** The login rate limiter: only failed attempts count, per client address and user name. */
function loginLimiter(limit: number): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const body: unknown = req.body
      const name = typeof body === 'object' && body !== null && 'username' in body && typeof body.username === 'string' ? body.username.toLowerCase().slice(0, 64) : ''
      return `${ipKeyGenerator(req.ip ?? 'unknown')}|${name}`
    },
    handler: (_req, _res, next) => {
      next(new HttpError(429, ApiErrorCode.rateLimited, 'Too many failed sign-in attempts; wait 15 minutes and try again'))
    },
  })
}

/** POST /api/auth/login, POST /api/auth/logout, GET /api/auth/session, POST /api/auth/password. */
export function authRoutes(deps: AuthRoutesDeps): Router {
  const router = Router()
  const { mount, auth, csrf } = deps

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
      const user = await auth.authenticate(body.username, body.password)
      if (!user) throw new HttpError(401, ApiErrorCode.invalidCredentials, 'Wrong user name or password')
      // A fresh session id on every sign-in, so a planted cookie never becomes an authenticated one.
      await regenerate(req)
      req.session.user = { username: user.username, signedInAt: new Date().toISOString() }
      setAuditActor(req, user.username)
      res.json({ user, csrfToken: csrf.generateToken(req, true) })
    },
    [loginLimiter(deps.loginRateLimit)],
  )

  mount(
    router,
    { method: 'post', path: '/api/auth/logout', role: 'viewer', action: 'auth.logout', summary: 'Sign out; ends the session', tags: ['auth'], responseStatus: 204 },
    async ({ req, res }) => {
      await destroy(req)
      res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' })
      res.status(204).end()
    },
  )

  mount(
    router,
    { method: 'get', path: '/api/auth/session', role: 'viewer', summary: 'The signed-in user, role and CSRF token', tags: ['auth'], response: SessionResponseSchema },
    ({ req, res }) => {
      res.json({ user: currentUser(req), csrfToken: csrf.generateToken(req) })
    },
  )

  mount(
    router,
    {
      method: 'post',
      path: '/api/auth/password',
      role: 'viewer',
      action: 'auth.change-password',
      summary: 'Change your own password; ends your other sessions and answers the new session',
      tags: ['auth'],
      body: ChangePasswordRequestSchema,
      response: SessionResponseSchema,
    },
    async ({ req, res, body }) => {
      const me = currentUser(req)
      annotateAudit(req, { target: me.username })
      if (!(await auth.authenticate(me.username, body.currentPassword))) {
        throw new HttpError(403, ApiErrorCode.invalidCredentials, 'The current password is wrong')
      }
      await deps.users.update(me.username, { password: body.newPassword })
      // The password change ended every session of this user, this one included: start a new one.
      await regenerate(req)
      req.session.user = { username: me.username, signedInAt: new Date().toISOString() }
      res.json({ user: me, csrfToken: csrf.generateToken(req, true) })
    },
  )

  return router
}
