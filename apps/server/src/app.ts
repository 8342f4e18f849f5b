import express from 'express'
import type { Express } from 'express'
import { ApiRegistry } from '@canopy/api-contract'
import { clusterRoutes } from './routes/cluster/index.js'
import type { ClusterRouteDeps } from './routes/cluster/index.js'

/** Everything createApp needs; main.ts builds it, tests build their own. */
export interface AppDeps {
  /** The configured clusters' driver pools (owned by the cluster services). */
  readonly clusters: ClusterRouteDeps['clusters']
}

/** Builds the Express app without listening, so tests drive it with supertest. */
export function createApp(deps: AppDeps): Express {
  const app = express()
  const registry = new ApiRegistry()
  app.disable('x-powered-by')
  app.use('/api', clusterRoutes({ clusters: deps.clusters }))
  app.get('/api/openapi.json', (_req, res) => {
    res.json(registry.openApiDocument({ title: 'Canopy API', version: '0.1.0' }))
  })
  return app
}
