import { z } from 'zod'

/**
 * A document in typed JSON (docs/architecture.md §1): every number is tagged
 * (`{"$numberInt":"1"}`, `{"$numberLong":"1"}`, `{"$numberDouble":"1.5"}`, `{"$decimal":"1.50"}`),
 * and `$date` (ms since epoch, UTC), `$oid`, `$timestamp` `{t,i}` (i = microseconds),
 * `$binary` `{base64,subType}`, `$regularExpression` `{pattern,options}`, `$minKey`, `$maxKey`.
 * Inputs also accept the sdb-shell forms (`{"$date":"2024-01-02"}`, `{"$binary":b64,"$type":"00"}`,
 * `{"$regex":..,"$options":..}` as a stored regex outside conditions, plain JSON numbers).
 * Inside a condition `$regex` is the match operator. Key order is the BSON field order.
 */
export const typedDocumentSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'A document in typed JSON (see the cluster contract module docs).' })
/** A document in typed JSON. */
export type TypedDocument = z.infer<typeof typedDocumentSchema>

/** A single BSON value in typed JSON. */
export const typedValueSchema = z.unknown().meta({ description: 'A BSON value in typed JSON.' })
