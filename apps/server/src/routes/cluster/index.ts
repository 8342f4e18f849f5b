import { Router } from 'express'
import { TopologyCache } from '../../services/cluster/topology-cache.js'
import { ClusterMonitor, loadTopology } from '../../services/cluster/topology.service.js'
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
  // One topology read in flight per cluster, shared by the routes and the event stream.
  const topology = new TopologyCache((id) => loadTopology(deps.clusters, id))
  const monitor = new ClusterMonitor(deps.clusters, deps.eventIntervalMs, topology)
  // Documents first: their pages are the hottest requests (see app.ts).
  documentRoutes(router, mount, deps)
  topologyRoutes(router, mount, deps, monitor, topology)
  schemaRoutes(router, mount, deps)
  monitoringRoutes(router, mount, deps)
  return router
}
