import { Router } from 'express'
import { HealthResponseSchema } from '@canopy/api-contract'
import type { ClusterSummary, HealthResponse } from '@canopy/api-contract'
import type { OperationMounter } from '../middleware/operation.js'

/** What health reads. */
export interface HealthSources {
  readonly version: string
  readonly startedAt: number
  /** True when the console's own database answers. */
  storeUp(): boolean
  /** Every configured cluster's status (probed, bounded in time). */
  clusters(): Promise<ClusterSummary[]>
}

/** GET /api/health: no sign-in needed; says what is up. */
export function healthRoutes(mount: OperationMounter, sources: HealthSources): Router {
  const router = Router()
  mount(
    router,
    { method: 'get', path: '/api/health', role: 'viewer', public: true, summary: 'What is up: the console store and every configured cluster', tags: ['health'], response: HealthResponseSchema },
    async ({ res }) => {
      const clusters = await sources.clusters().catch((): ClusterSummary[] => [])
      const store = sources.storeUp() ? 'up' : 'down'
      const body: HealthResponse = {
        status: store === 'up' && clusters.every((c) => c.status === 'up') ? 'ok' : 'degraded',
        version: sources.version,
        uptimeSeconds: Math.round((Date.now() - sources.startedAt) / 1000),
        store,
        clusters: clusters.map((c) => ({ id: c.id, name: c.name, status: c.status, ...(c.error ? { error: c.error } : {}) })),
      }
      res.setHeader('cache-control', 'no-store')
      res.json(body)
    },
  )
  return router
}
