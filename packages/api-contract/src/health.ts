import { z } from 'zod'

/** GET /api/health answer (no sign-in needed): what is up. */
export const HealthResponseSchema = z
  .object({
    status: z.enum(['ok', 'degraded']).describe('degraded when a configured cluster is not reachable'),
    version: z.string(),
    uptimeSeconds: z.number(),
    store: z.enum(['up', 'down']).describe("The console's own database"),
    clusters: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: z.enum(['up', 'down', 'unknown']),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
  })
  .meta({ id: 'HealthResponse' })

/** Health answer. */
export type HealthResponse = z.infer<typeof HealthResponseSchema>
