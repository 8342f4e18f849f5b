import { Router } from 'express'

/** What the platform passes to the cluster routes (agreed in /work/notes/requests.md). */
export interface ClusterRouteDeps {
  /** Placeholder until the registry lands; the shape is agreed in requests.md. */
  readonly clusters?: unknown
}

/** All routes under `/api/clusters`, mounted by `createApp` at `/api`. */
export function clusterRoutes(_deps: ClusterRouteDeps): Router {
  const router = Router()
  return router
}
