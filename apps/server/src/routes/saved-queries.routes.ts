import { Router } from 'express'
import {
  CreateSavedQueryRequestSchema,
  SavedQueryIdParamsSchema,
  SavedQueryListQuerySchema,
  SavedQueryListSchema,
  SavedQuerySchema,
} from '@canopy/api-contract'
import { annotateAudit } from '../middleware/audit-requests.js'
import type { OperationMounter } from '../middleware/operation.js'
import { currentUser } from '../middleware/require-auth.js'
import type { SavedQueriesService } from '../services/saved-queries.service.js'

/** Saved queries: every user keeps their own and sees the shared ones. */
export function savedQueriesRoutes(mount: OperationMounter, service: SavedQueriesService): Router {
  const router = Router()
  const tags = ['saved-queries']

  mount(
    router,
    { method: 'get', path: '/api/saved-queries', role: 'viewer', summary: 'Your saved queries and every shared one', tags, query: SavedQueryListQuerySchema, response: SavedQueryListSchema },
    ({ req, res, query }) => {
      res.json({ queries: service.list(currentUser(req), query) })
    },
  )

  mount(
    router,
    {
      method: 'post',
      path: '/api/saved-queries',
      role: 'viewer',
      action: 'saved-queries.create',
      summary: 'Save a query (private or shared)',
      tags,
      body: CreateSavedQueryRequestSchema,
      response: SavedQuerySchema,
      responseStatus: 201,
    },
    ({ req, res, body }) => {
      const saved = service.create(currentUser(req), body)
      annotateAudit(req, { target: saved.id })
      res.status(201).json(saved)
    },
  )

  mount(
    router,
    {
      method: 'delete',
      path: '/api/saved-queries/{id}',
      role: 'viewer',
      action: 'saved-queries.delete',
      summary: 'Delete a saved query (its owner, or an admin for a shared one)',
      tags,
      params: SavedQueryIdParamsSchema,
      responseStatus: 204,
    },
    ({ req, res, params }) => {
      const removed = service.delete(currentUser(req), params.id)
      annotateAudit(req, { target: params.id, before: removed })
      res.status(204).end()
    },
  )
  return router
}
