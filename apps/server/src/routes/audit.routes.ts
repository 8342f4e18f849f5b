import { Router } from 'express'
import { AuditPageSchema, AuditQuerySchema } from '@canopy/api-contract'
import type { OperationMounter } from '../middleware/operation.js'
import type { AuditService } from '../services/audit.service.js'

/** GET /api/audit: admins read the audit log, newest first. */
export function auditRoutes(mount: OperationMounter, audit: AuditService): Router {
  const router = Router()
  mount(
    router,
    { method: 'get', path: '/api/audit', role: 'admin', summary: 'Read the audit log, newest first (page with `before`)', tags: ['audit'], query: AuditQuerySchema, response: AuditPageSchema },
    ({ res, query }) => {
      res.json(audit.list(query))
    },
  )
  return router
}
