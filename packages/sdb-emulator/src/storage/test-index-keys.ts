import { documentKeys, Double, Int32, Long, ObjectId, type BsonDocument, type BsonValue } from '@canopy/sdb-client/bson'
import { readPath } from './index-definition.js'

/**
 * A small order-preserving key encoder for the storage tests (numbers, strings, ObjectIds and
 * missing values), so the store's mechanics are tested on their own; the emulator itself uses
 * the engine's full encoder.
 */
export function testIndexKeysOf(doc: BsonDocument, keyPattern: BsonDocument): Buffer[] {
  let keys: Buffer[] = [Buffer.alloc(0)]
  for (const field of documentKeys(keyPattern)) {
    const value = readPath(doc, field)
    const values = Array.isArray(value) ? value : [value]
    const descending = Number(keyPattern[field]) < 0
    const parts = values.map((v) => {
      const bytes = encodeValue(v)
      return descending ? Buffer.from(bytes.map((b) => 255 - b)) : bytes
    })
    keys = keys.flatMap((prefix) => parts.map((part) => Buffer.concat([prefix, part])))
  }
  return keys
}

function encodeValue(value: BsonValue): Buffer {
  if (value === undefined || value === null) return Buffer.from([0x01])
  const number =
    typeof value === 'number' ? value : value instanceof Int32 || value instanceof Double ? value.valueOf() : value instanceof Long ? value.toNumber() : undefined
  if (number !== undefined) {
    const out = Buffer.alloc(9)
    out[0] = 0x10
    out.writeDoubleBE(number, 1)
    // Flip the sign bit of positives and every bit of negatives: doubles then sort as bytes.
    if (number >= 0) out[1] = (out[1] ?? 0) ^ 0x80
    else for (let i = 1; i < 9; i += 1) out[i] = 255 - (out[i] ?? 0)
    return out
  }
  if (typeof value === 'string') return Buffer.concat([Buffer.from([0x20]), Buffer.from(value, 'utf8'), Buffer.from([0])])
  if (value instanceof ObjectId) return Buffer.concat([Buffer.from([0x30]), Buffer.from(value.id)])
  return Buffer.concat([Buffer.from([0x40]), Buffer.from(JSON.stringify(value), 'utf8'), Buffer.from([0])])
}
