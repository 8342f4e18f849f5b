import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Binary, Double, Int32, Long, MaxKey, MinKey, ObjectId, SdbDecimal, Timestamp } from '@canopy/sdb-client/bson'
import { compareValues } from './compare.js'
import { encodeKey, encodeValue, indexKeys, parseIndexKey, prefixEnd } from './index-key.js'
import { makeDoc } from './values.js'
import type { BsonDocument, BsonValue } from './values.js'

const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0)

const scalar: fc.Arbitrary<BsonValue> = fc.oneof(
  fc.integer({ min: -2147483648, max: 2147483647 }).map((n) => new Int32(n)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => Long.fromBigInt(b)),
  fc.integer({ min: -1000, max: 1000 }).map((n) => Long.fromBigInt(BigInt(n))),
  fc.double().map((d) => new Double(d)),
  fc.integer({ min: -50, max: 50 }).map((n) => new Double(n / 4)),
  fc
    .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 6 }))
    .map(([u, s]) => {
      const neg = u < 0n
      const digits = (neg ? -u : u).toString().padStart(s + 1, '0')
      const text = s === 0 ? digits : `${digits.slice(0, digits.length - s)}.${digits.slice(digits.length - s)}`
      return SdbDecimal.fromString(neg ? `-${text}` : text)
    }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('', 'a', 'A', 'ab', 'a\u0000b', 'é', '日本', '\u{1F600}', '\uFFFD'),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -1e12, max: 1e12 }).map((ms) => new Date(ms)),
  fc.tuple(fc.integer({ min: 0, max: 2000000000 }), fc.integer({ min: 0, max: 999999 })).map(([t, i]) => new Timestamp({ t, i })),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(b)),
  fc.uint8Array({ maxLength: 4 }).map((b) => new Binary(b, 0)),
  fc.constant(new MinKey()),
  fc.constant(new MaxKey()),
)

const value: fc.Arbitrary<BsonValue> = fc.letrec<{ v: BsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'x', '0', '10', 'é'), tie('v')), { maxLength: 3 })
      .map((entries) => makeDoc(entries)),
  ),
})).v

describe('index keys', () => {
  it('sort bytewise exactly as compareValues orders the values', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const byValue = sign(compareValues(a, b))
        const byBytes = sign(Buffer.compare(encodeValue(a), encodeValue(b)))
        expect(byBytes).toBe(byValue)
      }),
      { numRuns: 3000 },
    )
  })

  it('keep every field direction in compound keys', () => {
    const fields = parseIndexKey({ a: 1, b: -1 })
    fc.assert(
      fc.property(scalar, scalar, scalar, scalar, (a1, b1, a2, b2) => {
        const first = sign(compareValues(a1, a2)) || sign(-compareValues(b1, b2))
        const bytes = sign(Buffer.compare(encodeKey([a1, b1], fields), encodeKey([a2, b2], fields)))
        expect(bytes).toBe(first)
      }),
      { numRuns: 2000 },
    )
  })

  it('gives numbers of the four types one key per value', () => {
    const keys = [new Int32(1), Long.fromBigInt(1n), new Double(1), SdbDecimal.fromString('1.000')].map((v) =>
      encodeValue(v).toString('hex'),
    )
    expect(new Set(keys).size).toBe(1)
  })

  it('indexes each element of an array field, and missing fields once', () => {
    const fields = parseIndexKey({ a: 1 })
    const doc: BsonDocument = { a: [new Int32(3), new Int32(1), new Int32(3)] }
    expect(indexKeys(doc, fields)).toHaveLength(2)
    expect(indexKeys({ b: 1 }, fields)).toHaveLength(1)
    expect(indexKeys({ a: [] }, fields)[0]).toEqual(encodeKey([[]], fields))
  })

  it('rejects key definitions other than 1 / -1 per field', () => {
    expect(() => parseIndexKey({ a: 2 })).toThrow(expect.objectContaining({ code: -6 }))
    expect(() => parseIndexKey({})).toThrow(expect.objectContaining({ code: -6 }))
  })

  it('computes the end of a prefix range', () => {
    expect(prefixEnd(Buffer.from([1, 2, 0xff]))).toEqual(Buffer.from([1, 3]))
    expect(prefixEnd(Buffer.from([0xff]))).toBeUndefined()
  })
})
