/**
 * Typed JSON <-> driver BSON at the API edge, with errors that name the request field.
 */
import type { BsonDocument, BsonValue, TypedJson } from '@canopy/sdb-client/bson'
import { fromTypedJson, toTypedJson } from '@canopy/sdb-client/bson'
import { badRequest } from './errors.js'
import type { Doc } from './sdb-port.js'

/**
 * How `{"$regex":..,"$options":..}` reads: as the match operator inside conditions (as in the
 * sdb shell), as a stored regex value inside documents.
 */
export type RegexMode = 'operator' | 'value'

/** Converts a typed-JSON object to a BSON document; `field` names it in the 400 error. */
export function toDoc(json: unknown, field: string, regex: RegexMode): Doc {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw badRequest(`${field} must be a JSON object`, field)
  let value: BsonValue
  try {
    value = fromTypedJson(json as TypedJson, { shellRegex: regex })
  } catch (err) {
    throw badRequest(`${field}: ${err instanceof Error ? err.message : String(err)}`, field)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date || !isPlain(value)) {
    throw badRequest(`${field} must be a document, not a single typed value`, field)
  }
  return value as Doc
}

/** Converts an optional typed-JSON object; undefined and `{}` both mean "none". */
export function toOptionalDoc(json: unknown, field: string, regex: RegexMode): Doc | undefined {
  if (json === undefined || json === null) return undefined
  const doc = toDoc(json, field, regex)
  return Object.keys(doc).length === 0 ? undefined : doc
}

/** Converts one typed-JSON value (e.g. an `_id` from a URL). */
export function toValue(json: unknown, field: string): unknown {
  try {
    return fromTypedJson(json as TypedJson, { shellRegex: 'value' })
  } catch (err) {
    throw badRequest(`${field}: ${err instanceof Error ? err.message : String(err)}`, field)
  }
}

/** A BSON document as typed JSON. */
export function toJsonDoc(doc: Doc): Record<string, unknown> {
  return toTypedJson(doc as BsonDocument) as Record<string, unknown>
}

/** A BSON value as typed JSON. */
export function toJsonValue(value: unknown): unknown {
  return toTypedJson(value as BsonValue)
}

function isPlain(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}
