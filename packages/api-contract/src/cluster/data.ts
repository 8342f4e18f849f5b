import { z } from 'zod'
import { TypedJsonDocumentSchema, TypedJsonValueSchema } from '../typed-json.js'

const name = z.string().min(1).max(127).regex(/^[^$.\s][^.]*$/, 'must not start with "$", contain "." or start with a space')

/** A collection space in the list (`GET .../collection-spaces`). */
export const CollectionSpaceSummarySchema = z.object({
  name: z.string(),
  collections: z.array(z.string()),
  pageSize: z.number().int().nullable(),
  lobPageSize: z.number().int().nullable(),
  domain: z.string().nullable(),
})
/** A collection space as listed. */
export type CollectionSpaceSummary = z.infer<typeof CollectionSpaceSummarySchema>

/** `POST .../collection-spaces`. */
export const CreateCollectionSpaceBodySchema = z.object({
  name,
  pageSize: z.union([z.literal(4096), z.literal(8192), z.literal(16384), z.literal(32768), z.literal(65536)]).optional(),
  lobPageSize: z.union([z.literal(0), z.literal(4096), z.literal(8192), z.literal(16384), z.literal(32768), z.literal(65536), z.literal(131072), z.literal(262144), z.literal(524288)]).optional(),
  domain: z.string().min(1).optional(),
})
/** Body of create collection space. */
export type CreateCollectionSpaceBody = z.infer<typeof CreateCollectionSpaceBodySchema>

/** Statistics of one collection, summed over its groups (from `$snapshot collections`). */
export const CollectionStatsSchema = z.object({
  totalRecords: z.string(),
  totalLobs: z.string(),
  totalDataPages: z.number(),
  totalIndexPages: z.number(),
  totalLobPages: z.number(),
  indexes: z.number().int(),
  groups: z.array(z.string()),
})
/** Collection statistics. */
export type CollectionStats = z.infer<typeof CollectionStatsSchema>

/** A collection (list entry and details). */
export const CollectionSummarySchema = z.object({
  name: z.string(),
  fullName: z.string(),
  stats: CollectionStatsSchema.nullable(),
  /** The catalog's description (sharding, ReplSize, compression, groups ...) in typed JSON, when readable. */
  catalog: TypedJsonDocumentSchema.nullable(),
})
/** A collection as listed. */
export type CollectionSummary = z.infer<typeof CollectionSummarySchema>

/** `POST .../collections`: every option SequoiaDB's createCL takes. */
export const CreateCollectionBodySchema = z.object({
  name,
  shardingKey: z.record(z.string(), z.union([z.literal(1), z.literal(-1)])).optional(),
  shardingType: z.enum(['hash', 'range']).optional(),
  partition: z.number().int().min(8).max(1048576).optional(),
  replSize: z.number().int().min(-1).max(7).optional(),
  compressed: z.boolean().optional(),
  compressionType: z.enum(['snappy', 'lzw']).optional(),
  autoSplit: z.boolean().optional(),
  group: z.string().min(1).optional(),
  autoIndexId: z.boolean().optional(),
  ensureShardingIndex: z.boolean().optional(),
  strictDataMode: z.boolean().optional(),
  isMainCL: z.boolean().optional(),
})
/** Body of create collection. */
export type CreateCollectionBody = z.infer<typeof CreateCollectionBodySchema>

/** `POST .../collections/:cl/rename`. */
export const RenameCollectionBodySchema = z.object({ newName: name })

/** An index of a collection. */
export const IndexSchema = z.object({
  name: z.string(),
  key: TypedJsonDocumentSchema,
  unique: z.boolean(),
  enforced: z.boolean(),
  notNull: z.boolean(),
})
/** An index as listed. */
export type IndexInfo = z.infer<typeof IndexSchema>

/** `POST .../indexes`. Key values are 1 / -1 (or "text"). */
export const CreateIndexBodySchema = z.object({
  name: z.string().min(1).max(127),
  key: z.record(z.string(), z.union([z.literal(1), z.literal(-1), z.literal('text')])).refine((k) => Object.keys(k).length > 0, 'at least one field'),
  unique: z.boolean().optional(),
  enforced: z.boolean().optional(),
  notNull: z.boolean().optional(),
  sortBufferSize: z.number().int().min(0).optional(),
})
/** Body of create index. */
export type CreateIndexBody = z.infer<typeof CreateIndexBodySchema>

/** A LOB of a collection. */
export const LobSchema = z.object({
  oid: z.string(),
  size: z.string(),
  createTime: z.string().nullable(),
  available: z.boolean(),
})
/** A LOB as listed. */
export type LobInfo = z.infer<typeof LobSchema>

/** `POST .../documents/query`. Condition, selector, orderBy and hint are typed JSON. */
export const DocumentQueryBodySchema = z.object({
  condition: TypedJsonDocumentSchema.optional(),
  selector: TypedJsonDocumentSchema.optional(),
  orderBy: z.record(z.string(), z.union([z.literal(1), z.literal(-1)])).optional(),
  hint: TypedJsonDocumentSchema.optional(),
  /** Records to skip before the first page (later pages continue from the page token). */
  skip: z.number().int().min(0).optional(),
  /** Page size, 1..1000 (default 50). */
  limit: z.number().int().min(1).max(1000).optional(),
  /** Opaque: the `nextPageToken` of the previous page of the same query. */
  pageToken: z.string().max(8192).optional(),
  /** Server-side time limit (default 30000). */
  timeoutMs: z.number().int().min(1).max(600000).optional(),
  /** Also return an exact count (a full count; the estimate is always there). */
  exactCount: z.boolean().optional(),
})
/** Body of a documents query. */
export type DocumentQueryBody = z.infer<typeof DocumentQueryBodySchema>

/** Result of a documents query: one page. */
export const DocumentQueryResponseSchema = z.object({
  documents: z.array(TypedJsonDocumentSchema),
  nextPageToken: z.string().nullable(),
  /** Records in the collection, from statistics (cheap; ignores the condition). */
  estimatedCount: z.string().nullable(),
  exactCount: z.string().optional(),
})
/** A page of documents. */
export type DocumentQueryResponse = z.infer<typeof DocumentQueryResponseSchema>

/** `POST .../documents/count`. */
export const CountBodySchema = z.object({ condition: TypedJsonDocumentSchema.optional(), hint: TypedJsonDocumentSchema.optional() })
/** Result of a count (int64 as a decimal string). */
export const CountResponseSchema = z.object({ count: z.string() })

/** `POST .../documents/explain`. */
export const ExplainBodySchema = z.object({
  condition: TypedJsonDocumentSchema.optional(),
  selector: TypedJsonDocumentSchema.optional(),
  orderBy: z.record(z.string(), z.union([z.literal(1), z.literal(-1)])).optional(),
  hint: TypedJsonDocumentSchema.optional(),
  skip: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).optional(),
  detail: z.boolean().optional(),
})
/** Explain output: the server's plan documents in typed JSON. */
export const ExplainResponseSchema = z.object({ plans: z.array(TypedJsonDocumentSchema) })

/** `POST .../documents`: one document or many. */
export const InsertBodySchema = z.union([
  z.object({ document: TypedJsonDocumentSchema }),
  z.object({ documents: z.array(TypedJsonDocumentSchema).min(1).max(10000), continueOnDuplicate: z.boolean().optional() }),
])
/** Result of insert: the `_id` of each document in typed JSON. */
export const InsertResponseSchema = z.object({ inserted: z.number().int(), ids: z.array(TypedJsonValueSchema) })

/** `PUT .../documents/:id`: the whole new document (its `_id`, if present, must equal the URL's). */
export const ReplaceBodySchema = z.object({ document: TypedJsonDocumentSchema })
/** Result of replace: before and after, in typed JSON. */
export const ReplaceResponseSchema = z.object({ before: TypedJsonDocumentSchema, after: TypedJsonDocumentSchema })

/** `POST .../documents/update`. With `dryRun` nothing changes and `matched` is returned. */
export const UpdateBodySchema = z.object({
  condition: TypedJsonDocumentSchema.optional(),
  rule: TypedJsonDocumentSchema.refine((r) => Object.keys(r).length > 0, 'rule must not be empty'),
  hint: TypedJsonDocumentSchema.optional(),
  dryRun: z.boolean().optional(),
})
/** Result of update: dry run `{matched}`, otherwise `{updated, modified}` (int64 strings). */
export const UpdateResponseSchema = z.union([
  z.object({ matched: z.string() }),
  z.object({ updated: z.string(), modified: z.string() }),
])

/** `POST .../documents/delete`. */
export const DeleteBodySchema = z.object({
  condition: TypedJsonDocumentSchema.optional(),
  hint: TypedJsonDocumentSchema.optional(),
  dryRun: z.boolean().optional(),
})
/** Result of delete: dry run `{matched}`, otherwise `{deleted}`. */
export const DeleteResponseSchema = z.union([z.object({ matched: z.string() }), z.object({ deleted: z.string() })])

/** Export/import formats. */
export const DataFormatSchema = z.enum(['ndjson', 'json', 'csv'])
/** One of the export/import formats. */
export type DataFormat = z.infer<typeof DataFormatSchema>

/** `POST .../documents/export?format=`: the query to export (no paging). */
export const ExportBodySchema = z.object({
  condition: TypedJsonDocumentSchema.optional(),
  selector: TypedJsonDocumentSchema.optional(),
  orderBy: z.record(z.string(), z.union([z.literal(1), z.literal(-1)])).optional(),
  hint: TypedJsonDocumentSchema.optional(),
  skip: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).optional(),
  /** CSV: the columns (dotted paths); default = the fields of the first document. */
  fields: z.array(z.string().min(1)).optional(),
})

/**
 * `POST .../documents/import?format=` streams NDJSON lines back: `{"type":"progress",...}` every
 * batch, `{"type":"error",...}` per bad row (row 0: the import as a whole failed, e.g. the cluster
 * went away; the stream then ends without "done"), and one `{"type":"done",...}` at the end.
 */
export const ImportEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), rows: z.number().int(), inserted: z.number().int(), failed: z.number().int() }),
  z.object({ type: z.literal('error'), row: z.number().int(), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('done'), rows: z.number().int(), inserted: z.number().int(), failed: z.number().int() }),
])
/** One line of the import progress stream. */
export type ImportEvent = z.infer<typeof ImportEventSchema>

/** Snapshot and list types served by `GET .../snapshots/:type`. */
export const SnapshotTypeSchema = z.enum(['sessions', 'contexts', 'collections', 'collectionspaces', 'health', 'database', 'system', 'transactions'])
/** One snapshot type. */
export type SnapshotType = z.infer<typeof SnapshotTypeSchema>

/** Query string of `GET .../snapshots/:type`: condition and orderBy as typed JSON strings. */
export const SnapshotQuerySchema = z.object({
  condition: z.string().max(8192).optional(),
  orderBy: z.string().max(1024).optional(),
  list: z.enum(['true', 'false']).optional(),
})
/** Snapshot result. */
export const SnapshotResponseSchema = z.object({ type: SnapshotTypeSchema, documents: z.array(TypedJsonDocumentSchema) })

/** `POST .../sql`. */
export const SqlBodySchema = z.object({ sql: z.string().min(1).max(65536), limit: z.number().int().min(1).max(10000).optional() })
/** SQL result: documents for a select, `{documents: []}` for other statements. */
export const SqlResponseSchema = z.object({ documents: z.array(TypedJsonDocumentSchema), truncated: z.boolean() })

/** `GET .../collection-spaces`. */
export const CollectionSpaceListResponseSchema = z.array(CollectionSpaceSummarySchema)
/** `GET .../collections`. */
export const CollectionListResponseSchema = z.array(CollectionSummarySchema)
/** `GET .../indexes`. */
export const IndexListResponseSchema = z.array(IndexSchema)
/** `GET .../lobs`. */
export const LobListResponseSchema = z.array(LobSchema)
