import { z } from 'zod'

/**
 * Documents travel as typed JSON (the encoding of the real-server semantics corpus): plain JSON,
 * where small tagged objects name the BSON types JSON cannot carry. Outputs always use the
 * canonical forms; inputs also accept the forms a DBA types in the sdb shell.
 *
 * | BSON type | canonical form (output and input) | also accepted on input |
 * |---|---|---|
 * | int32 | `{"$numberInt":"5"}` | a JSON integer in int32 range |
 * | int64 | `{"$numberLong":"9007199254740993"}` | a JSON integer outside int32 range |
 * | double | `{"$numberDouble":"1.5"}` (also `"NaN"`, `"Infinity"`, `"-Infinity"`) | a JSON number with a fraction |
 * | decimal | `{"$decimal":"12.50"}`, with `"$precision":[10,2]` when declared | `{"$numberDecimal":"12.50"}` |
 * | date | `{"$date":1577836800000}` (milliseconds since the epoch, i.e. an instant in UTC) | ISO 8601 `{"$date":"2020-01-01T00:00:00Z"}`, `{"$date":{"$numberLong":"1577836800000"}}`, shell `{"$date":"2020-01-01"}` |
 * | ObjectId | `{"$oid":"<24 hex>"}` | |
 * | timestamp | `{"$timestamp":{"t":seconds,"i":microseconds}}` | ISO 8601, shell `{"$timestamp":"2020-01-01-00.00.00.000000"}` |
 * | binary | `{"$binary":{"base64":"..","subType":"00"}}` | shell `{"$binary":"<base64>","$type":"0"}` |
 * | regex | `{"$regularExpression":{"pattern":"..","options":".."}}` | shell `{"$regex":"..","$options":".."}` outside a condition |
 * | min/max key | `{"$minKey":1}` / `{"$maxKey":1}` | |
 *
 * Inside a query condition, `{"$regex":..,"$options":..}` is the match operator, as in the shell.
 * Date-only and timestamp shell strings (no zone) are read as the sdb shell reads them; give an
 * ISO 8601 string with `Z` or milliseconds to be explicit. Strings, booleans, null, arrays and
 * objects are themselves.
 */
// Request bodies come from JSON.parse, so any value here is already JSON; z.json() would say the
// same but zod-to-openapi cannot describe its recursion (it overflows the stack).
export const TypedJsonValueSchema = z.unknown().meta({
  id: 'TypedJsonValue',
  description: 'A JSON value in the typed JSON dialect ($numberLong, $decimal, $date, $oid, ...); see api-contract typed-json.ts',
})

/** A value in typed JSON. */
export type TypedJsonValue = string | number | boolean | null | TypedJsonValue[] | { [key: string]: TypedJsonValue }

/** A document (or condition, selector, rule...) in typed JSON: a JSON object. */
export const TypedJsonDocumentSchema = z.record(z.string(), z.unknown()).meta({
  id: 'TypedJsonDocument',
  description: 'A JSON object in the typed JSON dialect',
})

/** A document in typed JSON. */
export type TypedJsonDocument = Record<string, TypedJsonValue>
