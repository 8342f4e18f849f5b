import { z } from 'zod'
import { TypedJsonDocumentSchema } from './typed-json.js'

/** Who sees a saved query: its owner only, or every console user. */
export const SavedQueryVisibility = { private: 'private', shared: 'shared' } as const

/** One of {@link SavedQueryVisibility}. */
export type SavedQueryVisibility = (typeof SavedQueryVisibility)[keyof typeof SavedQueryVisibility]

/** The query part of a saved query (same fields as a documents query; typed JSON). */
export const SavedQueryBodySchema = z
  .object({
    condition: TypedJsonDocumentSchema.optional(),
    selector: TypedJsonDocumentSchema.optional(),
    orderBy: TypedJsonDocumentSchema.optional(),
    hint: TypedJsonDocumentSchema.optional(),
    limit: z.number().int().min(1).max(100000).optional(),
  })
  .strict()
  .meta({ id: 'SavedQueryBody' })

/** POST /api/saved-queries body. `collection` is `cs.cl`. */
export const CreateSavedQueryRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    visibility: z.enum([SavedQueryVisibility.private, SavedQueryVisibility.shared]),
    cluster: z.string().min(1).max(128),
    collection: z.string().min(3).max(255).regex(/^[^.]+\.[^.]+$/, 'Use "collectionSpace.collection"'),
    query: SavedQueryBodySchema,
  })
  .strict()
  .meta({ id: 'CreateSavedQueryRequest' })

/** Create-saved-query body. */
export type CreateSavedQueryRequest = z.infer<typeof CreateSavedQueryRequestSchema>

/** A saved query. */
export const SavedQuerySchema = z
  .object({
    id: z.string(),
    owner: z.string(),
    name: z.string(),
    visibility: z.enum([SavedQueryVisibility.private, SavedQueryVisibility.shared]),
    cluster: z.string(),
    collection: z.string(),
    query: SavedQueryBodySchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'SavedQuery' })

/** A saved query. */
export type SavedQuery = z.infer<typeof SavedQuerySchema>

/** GET /api/saved-queries query: optional filters. */
export const SavedQueryListQuerySchema = z
  .object({ cluster: z.string().min(1).max(128).optional(), collection: z.string().min(1).max(255).optional() })
  .strict()

/** GET /api/saved-queries answer: the caller's own and every shared query. */
export const SavedQueryListSchema = z.object({ queries: z.array(SavedQuerySchema) }).meta({ id: 'SavedQueryList' })

/** Saved query list. */
export type SavedQueryList = z.infer<typeof SavedQueryListSchema>

/** Path parameters naming a saved query. */
export const SavedQueryIdParamsSchema = z.object({ id: z.string().min(1).max(64) })
