import { z } from 'zod'

const segment = z.string().min(1).max(255)

/** `{cluster}`: a configured cluster id (`embedded` for the built-in emulator). */
export const ClusterParamsSchema = z.object({ cluster: segment })
/** `{cluster}/.../{group}`. */
export const GroupParamsSchema = ClusterParamsSchema.extend({ group: segment })
/** `{cluster}/nodes/{node}` where node is "host:port". */
export const NodeParamsSchema = ClusterParamsSchema.extend({ node: segment })
/** `{cluster}/groups/{group}/nodes/{node}`. */
export const GroupNodeParamsSchema = GroupParamsSchema.extend({ node: segment })
/** `{cluster}/collection-spaces/{cs}`. */
export const CollectionSpaceParamsSchema = ClusterParamsSchema.extend({ cs: segment })
/** `{cluster}/collection-spaces/{cs}/collections/{cl}`. */
export const CollectionParamsSchema = CollectionSpaceParamsSchema.extend({ cl: segment })
/** `.../indexes/{index}`. */
export const IndexParamsSchema = CollectionParamsSchema.extend({ index: segment })
/** `.../lobs/{oid}` (24 hex digits). */
export const LobParamsSchema = CollectionParamsSchema.extend({ oid: z.string().regex(/^[0-9a-fA-F]{24}$/, 'a LOB oid is 24 hex digits') })
/** `.../documents/{id}`: the typed JSON of the `_id`, URL-encoded (a bare string is a string `_id`). */
export const DocumentParamsSchema = CollectionParamsSchema.extend({ id: z.string().min(1).max(4096) })
/** `{cluster}/snapshots/{type}`. */
export const SnapshotParamsSchema = ClusterParamsSchema.extend({
  type: z.enum(['sessions', 'contexts', 'collections', 'collectionspaces', 'health', 'database', 'system', 'transactions']),
})
/** `{cluster}/sessions/{id}`: a session id (an integer). */
export const SessionParamsSchema = ClusterParamsSchema.extend({ id: z.string().regex(/^\d{1,19}$/, 'a session id is a non-negative integer') })
/** `?format=` of export and import. */
export const FormatQuerySchema = z.object({ format: z.enum(['ndjson', 'json', 'csv']).default('ndjson') })
/** Result of a LOB upload. */
export const LobUploadResponseSchema = z.object({ oid: z.string(), size: z.string() })
