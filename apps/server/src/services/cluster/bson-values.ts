/**
 * Reading numbers out of decoded BSON without caring which numeric class the server chose:
 * catalog and snapshot documents mix int32, int64 and double for the same field across versions.
 */

/** A JS number for any BSON numeric value (Int32, Long, Double, SdbDecimal, number, bigint). */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'object' && v !== null) {
    const prim: unknown = (v as { valueOf(): unknown }).valueOf()
    if (typeof prim === 'number') return prim
    if (typeof prim === 'bigint') return Number(prim)
    const text = numericText(v)
    if (text !== undefined && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text)
  }
  return undefined
}

/** The exact decimal text of an integer BSON value (int64 keeps all its digits). */
export function toIntegerString(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.trunc(v)) : undefined
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'object' && v !== null) {
    // Long.toString() gives every digit, where valueOf() would round past 2^53.
    const text = numericText(v)
    if (text !== undefined && /^-?\d+$/.test(text)) return text
    const n = toNumber(v)
    if (n !== undefined && Number.isFinite(n)) return String(Math.trunc(n))
  }
  return undefined
}

/** A BigInt for an integer BSON value. */
export function toBigInt(v: unknown): bigint | undefined {
  const s = toIntegerString(v)
  return s === undefined ? undefined : BigInt(s)
}

/** Plain object check for decoded documents. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
}

/** A string field or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

/** The `toString()` of a BSON numeric class (Long, Int32, Double, SdbDecimal); undefined for plain objects. */
function numericText(v: object): string | undefined {
  const fn = (v as { toString?: unknown }).toString
  if (typeof fn !== 'function' || fn === Object.prototype.toString) return undefined
  const text: unknown = fn.call(v)
  return typeof text === 'string' ? text : undefined
}
