import { Router } from 'express'
import { CreateUserRequestSchema, UpdateUserRequestSchema, UserListSchema, UserSchema, UsernameParamsSchema } from '@canopy/api-contract'
import { annotateAudit } from '../middleware/audit-requests.js'
import type { OperationMounter } from '../middleware/operation.js'
import type { UsersService } from '../services/users.service.js'

/** GET/POST /api/users, PATCH/DELETE /api/users/{username}: admins manage console users. */
export function usersRoutes(mount: OperationMounter, users: UsersService): Router {
  const router = Router()
  const tags = ['users']

  mount(router, { method: 'get', path: '/api/users', role: 'admin', summary: 'List console users', tags, response: UserListSchema }, ({ res }) => {
    res.json({ users: users.list() })
  })

  mount(
    router,
    { method: 'post', path: '/api/users', role: 'admin', action: 'users.create', summary: 'Create a console user with a role (mustChangePassword: true makes the password one-time)', tags, body: CreateUserRequestSchema, response: UserSchema, responseStatus: 201 },
    async ({ req, res, body }) => {
      annotateAudit(req, { target: body.username, params: { username: body.username, role: body.role, ...(body.mustChangePassword === undefined ? {} : { oneTime: body.mustChangePassword }) } })
      res.status(201).json(await users.create(body))
    },
  )

  mount(
    router,
    {
      method: 'patch',
      path: '/api/users/{username}',
      role: 'admin',
      action: 'users.update',
      summary: "Change a user's role and/or password; mustChangePassword: true makes the password one-time (changed at the next sign-in)",
      tags,
      params: UsernameParamsSchema,
      body: UpdateUserRequestSchema,
      response: UserSchema,
    },
    async ({ req, res, params, body }) => {
      // Named so the audit's secret redaction (any key with "pass") keeps the flag readable.
      const flag = body.mustChangePassword === undefined ? {} : { oneTime: body.mustChangePassword }
      annotateAudit(req, { target: params.username, params: { changes: Object.keys(body).map((k) => (k === 'mustChangePassword' ? 'oneTime' : k)), ...(body.role ? { role: body.role } : {}), ...flag } })
      res.json(await users.update(params.username, body))
    },
  )

  mount(
    router,
    { method: 'delete', path: '/api/users/{username}', role: 'admin', action: 'users.delete', summary: 'Remove a user and end their sessions', tags, params: UsernameParamsSchema, responseStatus: 204 },
    ({ req, res, params }) => {
      annotateAudit(req, { target: params.username })
      users.delete(params.username)
      res.status(204).end()
    },
  )
  return router
}
