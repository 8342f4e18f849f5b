import { Router } from 'express'
import { ClusterMonitor } from '../../services/cluster/topology.service.js'
import { documentRoutes } from './documents.routes.js'
import { clusterMounter } from './mount.js'
import type { ClusterRouteDeps } from './mount.js'
import { monitoringRoutes } from './monitoring.routes.js'
import { schemaRoutes } from './schema.routes.js'
import { topologyRoutes } from './topology.routes.js'

export type { ClusterAuditEntry, ClusterRouteDeps } from './mount.js'

/** All routes under `/api/clusters`, mounted by `createApp` at `/api`. */
export function clusterRoutes(deps: ClusterRouteDeps): Router {
  const router = Router()
  const mount = clusterMounter(deps)
  const monitor = new ClusterMonitor(deps.clusters, deps.eventIntervalMs)
  topologyRoutes(router, mount, deps, monitor)
  schemaRoutes(router, mount, deps)
  documentRoutes(router, mount, deps)
  monitoringRoutes(router, mount, deps)
  return router
}
