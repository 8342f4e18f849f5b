import { Router } from 'express'
import type { ApiRegistry, OpenApiDocument } from '@canopy/api-contract'
import type { OperationMounter } from '../middleware/operation.js'

/** The OpenAPI document's `info`. */
export const API_INFO = {
  title: 'Canopy API',
  version: '0.1.0',
  description:
    'REST API of Canopy, the SequoiaDB web console. Sign in with POST /api/auth/login; send the csrfToken from GET /api/auth/session in x-csrf-token on every state-changing request. Every operation names its least role in x-required-role (viewer < operator < admin). Errors are { code, message, details? }.',
} as const

/** GET /api/openapi.json: the OpenAPI 3.1 document generated from the registered operations. */
export function openApiRoutes(mount: OperationMounter, registry: ApiRegistry): Router {
  const router = Router()
  let cached: { count: number; doc: OpenApiDocument } | undefined
  mount(router, { method: 'get', path: '/api/openapi.json', role: 'viewer', public: true, summary: 'This OpenAPI 3.1 document', tags: ['meta'] }, ({ res }) => {
    const count = registry.operations().length
    if (!cached || cached.count !== count) cached = { count, doc: registry.openApiDocument(API_INFO) }
    res.json(cached.doc)
  })
  return router
}
