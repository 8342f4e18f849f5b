import { Double, Int32, Long, type BsonValue } from '../bson.js'

/** The numeric value of an int32, int64, double, JS number or bigint field; else `undefined`. */
export function numberOf(value: BsonValue | undefined): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (value instanceof Int32 || value instanceof Double) return value.value
  if (value instanceof Long) return value.toNumber()
  return undefined
}

/** Like {@link numberOf}, but only for integral int32 values (the type the drivers demand). */
export function int32Of(value: BsonValue | undefined): number | undefined {
  if (value instanceof Int32) return value.value
  if (typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) return value
  return undefined
}
