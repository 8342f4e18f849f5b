import { z } from 'zod'

/** Health of one configured cluster as the server last saw it. */
export const ClusterStatus = {
  up: 'up',
  down: 'down',
  unknown: 'unknown',
} as const
/** One of {@link ClusterStatus}. */
export type ClusterStatus = (typeof ClusterStatus)[keyof typeof ClusterStatus]

/** One configured cluster (`embedded` is the built-in emulator). */
export const ClusterSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  hosts: z.array(z.string()),
  status: z.enum(['up', 'down', 'unknown']),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
})
/** A configured cluster and its health. */
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>

/** `GET /api/clusters` response. */
export const ClusterListResponseSchema = z.array(ClusterSummarySchema)
