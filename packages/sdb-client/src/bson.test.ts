import { readFileSync } from 'node:fs'
import { serialize } from 'bson'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  type BsonDocument,
  type BsonValue,
  compareNumbers,
  decodeDocument,
  Double,
  encodeDocument,
  formatDouble,
  fromTypedJson,
  Int32,
  parseTypedJson,
  stringifyTypedJson,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  SdbDecimal,
  Timestamp,
  toTypedJson,
  type TypedJson,
  typedJsonText,
} from './bson.js'
import { SdbApiError, SdbProtocolError } from './errors.js'

interface WireRequest {
  hex: string
  opCode: number
}
interface WireVector {
  name: string
  requests: WireRequest[]
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../../shared/wire-vectors/c-driver-requests.json', import.meta.url), 'utf8'),
) as WireVector[]

const semantics = JSON.parse(
  readFileSync(new URL('../../../../shared/semantics/real-server-semantics.json', import.meta.url), 'utf8'),
) as { dataset: TypedJson[]; cases: { [key: string]: TypedJson }[] }

// Values without the number shortcuts: exactly what decodeDocument produces.
const key = fc.string({ maxLength: 8 }).filter((k) => !k.includes('\0') && k !== '__proto__')
const scalar: fc.Arbitrary<BsonValue> = fc.oneof(
  fc.double().map((d) => new Double(d)),
  fc.integer({ min: -2147483648, max: 2147483647 }).map((n) => new Int32(n)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms)),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(Buffer.from(b))),
  fc.record({ t: fc.nat(0xffffffff), i: fc.nat(0xffffffff) }).map((ts) => new Timestamp(ts)),
  fc.tuple(fc.uint8Array({ maxLength: 16 }), fc.constantFrom(0, 1, 4, 5, 0x80)).map(
    ([b, s]) => new Binary(Buffer.from(b), s),
  ),
  fc.tuple(key, fc.constantFrom('', 'i', 'im', 'mix')).map(([p, o]) => new BSONRegExp(p, o)),
  fc.constant(new MinKey()),
  fc.constant(new MaxKey()),
  fc
    .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.nat(12))
    .map(([n, s]) => {
      const digits = (n < 0n ? -n : n).toString().padStart(s + 1, '0')
      const text = `${n < 0n ? '-' : ''}${digits.slice(0, digits.length - s)}${s > 0 ? '.' : ''}${digits.slice(digits.length - s)}`
      return SdbDecimal.fromString(text)
    }),
  fc
    .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.nat(6), fc.nat(4))
    .map(([n, s, extra]) => SdbDecimal.fromString(`${n.toString()}.${'5'.repeat(s + 1)}`, 22 + s + extra, s)),
  fc.constantFrom('NaN', 'MIN', 'MAX').map((s) => SdbDecimal.fromString(s)),
)
const { doc: documentArb } = fc.letrec<{ value: BsonValue; doc: BsonDocument; arr: BsonValue[] }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('doc'), tie('arr')),
  doc: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  arr: fc.array(tie('value'), { maxLength: 4 }),
}))

describe('SequoiaDB BSON dialect', () => {
  it('decodes the C driver insert_types record and re-encodes it byte for byte', () => {
    const insert = vectors.find((v) => v.name === 'insert_types')?.requests[0]
    expect(insert).toBeDefined()
    const bytes = Buffer.from(insert?.hex ?? '', 'hex')
    const doc = decodeDocument(bytes, 72 + 12 + 4)
    expect(doc['i64']).toEqual(Long.fromBigInt(9007199254740993n))
    expect(doc['ts']).toEqual(new Timestamp({ t: 1704164645, i: 6 }))
    expect((doc['dec'] as SdbDecimal).toString()).toBe('123.45')
    expect((doc['d'] as Date).getTime()).toBe(1704153600000)
    const encoded = encodeDocument(doc)
    expect(encoded.toString('hex')).toBe(bytes.subarray(88, 88 + encoded.length).toString('hex'))
  })

  it('round-trips every type: decode(encode(x)) = x and encode(decode(b)) = b', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const bytes = encodeDocument(doc)
        const back = decodeDocument(bytes)
        expect(toTypedJson(back)).toEqual(toTypedJson(doc))
        expect(encodeDocument(back).equals(bytes)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('agrees with the bson package on every type both know', () => {
    const withoutDecimal = documentArb.filter((d) => !JSON.stringify(toTypedJson(d)).includes('$decimal'))
    fc.assert(
      fc.property(withoutDecimal, (doc) => {
        expect(encodeDocument(doc).equals(Buffer.from(serialize(doc)))).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('stores plain numbers as int32 when they fit, otherwise double; bigint as int64', () => {
    const doc = decodeDocument(encodeDocument({ a: 1, b: 1.5, c: 2 ** 31, d: -0, e: 5n, u: undefined }))
    expect(doc).toEqual({ a: new Int32(1), b: new Double(1.5), c: new Double(2 ** 31), d: new Double(-0), e: Long.fromNumber(5) })
  })

  it('keeps the field order of integer-like keys through decode and encode', () => {
    const bytes = Buffer.from(serialize(new Map<string, number>([['b', 1], ['0', 2]])))
    expect(encodeDocument(decodeDocument(bytes)).equals(bytes)).toBe(true)
  })

  it('refuses malformed bytes with SdbProtocolError and never reads past the end', () => {
    const good = encodeDocument({ a: 'hello', b: { c: [1, 2] } })
    for (let cut = 0; cut < good.length; cut++) {
      expect(() => decodeDocument(good.subarray(0, cut))).toThrow(SdbProtocolError)
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (junk) => {
        try {
          decodeDocument(junk)
        } catch (e) {
          expect(e).toBeInstanceOf(SdbProtocolError)
        }
      }),
    )
  })

  it('decodes every field name exactly, however names repeat, collide or mix scripts', () => {
    // Decoded names are reused from document to document; a name must never come back as
    // another one of the same length, in ASCII or in UTF-8.
    const name = fc.oneof(fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'b', 'é', '名', '0', '1') }), key)
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(name, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 }), (namesPerDoc) => {
        for (const names of namesPerDoc) {
          const map = new Map<string, number>(names.filter((n) => n !== '__proto__').map((n, i) => [n, i]))
          const bytes = Buffer.from(serialize(map))
          const back = decodeDocument(bytes)
          expect(encodeDocument(back).equals(bytes)).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('keeps the first of duplicate names, own names that shadow Object methods, and __proto__ as a field', () => {
    const dup = Buffer.from('1b00000010610001000000106100020000001074000300000000', 'hex')
    dup.writeInt32LE(dup.length, 0)
    expect(decodeDocument(dup)).toEqual({ a: new Int32(1), t: new Int32(3) })
    const doc = decodeDocument(encodeDocument({ toString: 1, constructor: 'x' }))
    expect(Object.keys(doc)).toEqual(['toString', 'constructor'])
    expect(Object.hasOwn(doc, 'toString') && doc['toString'] instanceof Int32).toBe(true)
    const proto = decodeDocument(Buffer.from(serialize(new Map([['__proto__', 7], ['b', 1]]))))
    expect(Object.keys(proto)).toEqual(['__proto__', 'b'])
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype)
  })

  it('refuses a name with invalid UTF-8 every time it is seen', () => {
    const bad = Buffer.from('0d0000001061ff000100000000', 'hex')
    for (let i = 0; i < 3; i++) expect(() => decodeDocument(bad)).toThrow(SdbProtocolError)
  })

  it('keeps no reference to the decoded bytes: an ObjectId survives the buffer being reused', () => {
    const id = new ObjectId()
    const bytes = encodeDocument({ _id: id, n: 1 })
    const doc = decodeDocument(bytes)
    bytes.fill(0)
    expect((doc['_id'] as ObjectId).toHexString()).toBe(id.toHexString())
    const named = encodeDocument({ ab: 1 })
    expect(Object.keys(decodeDocument(named))).toEqual(['ab'])
    named.write('cd', 5, 'latin1')
    expect(Object.keys(decodeDocument(named))).toEqual(['cd'])
  })

  it('refuses values BSON cannot hold with SdbApiError', () => {
    expect(() => encodeDocument({ f: (() => 1) as unknown as BsonValue })).toThrow(SdbApiError)
    expect(() => encodeDocument({ 'a\0b': 1 })).toThrow(SdbApiError)
    expect(() => encodeDocument({ d: new Date(NaN) })).toThrow(SdbApiError)
    expect(() => encodeDocument({ n: 2n ** 64n })).toThrow(SdbApiError)
  })
})

describe('SdbDecimal', () => {
  it('matches the C driver bytes for 123.45', () => {
    expect(SdbDecimal.fromString('123.45').toBytes().toString('hex')).toBe('10000000ffffffff020000007b009411')
  })

  it('prints as the server does and keeps the display scale', () => {
    expect(SdbDecimal.fromString('2.50').toString()).toBe('2.50')
    expect(SdbDecimal.fromString('-0.00').toString()).toBe('0.00')
    expect(SdbDecimal.fromString('1e20').toString()).toBe('100000000000000000000')
    expect(SdbDecimal.fromString('.5').toString()).toBe('0.5')
    expect(SdbDecimal.fromString('-1099511627675.155').toString()).toBe('-1099511627675.155')
    expect(SdbDecimal.fromString('0.0001').toString()).toBe('0.0001')
  })

  it('applies a declared precision and scale, rounding half up', () => {
    const d = SdbDecimal.fromString('12.345', 10, 3)
    expect([d.precision, d.scale, d.toString()]).toEqual([10, 3, '12.345'])
    expect(SdbDecimal.fromString('1.99995', 5, 4).toString()).toBe('2.0000')
    expect(SdbDecimal.fromString('-2.5', 3, 0).toString()).toBe('-3')
    expect(() => SdbDecimal.fromString('123.4', 3, 1)).toThrow(SdbApiError)
    expect(SdbDecimal.fromString('1').precision).toBeUndefined()
  })

  it('has the special values NaN, MIN and MAX', () => {
    expect(SdbDecimal.fromString('nan').isNaN()).toBe(true)
    expect(SdbDecimal.fromString('-inf').toString()).toBe('MIN')
    expect(SdbDecimal.fromString('inf').toString()).toBe('MAX')
    const max = SdbDecimal.fromString('MAX')
    expect(SdbDecimal.fromBytes(max.toBytes()).isMax()).toBe(true)
  })

  it('refuses text that is not a number', () => {
    for (const bad of ['', 'abc', '1.2.3', '1x', '--1', '1e', 'e5']) {
      expect(() => SdbDecimal.fromString(bad), bad).toThrow(SdbApiError)
    }
  })

  it('round-trips any decimal text through parse and print', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.nat(20), (n, s) => {
        const digits = (n < 0n ? -n : n).toString().padStart(s + 1, '0')
        const text = `${n < 0n && n !== 0n ? '-' : ''}${digits.slice(0, digits.length - s)}${s > 0 ? '.' : ''}${digits.slice(digits.length - s)}`
        expect(SdbDecimal.fromString(text).toString()).toBe(text)
      }),
    )
  })

  it('compares with every numeric type by exact value', () => {
    expect(compareNumbers(SdbDecimal.fromString('1'), new Double(1))).toBe(0)
    expect(compareNumbers(SdbDecimal.fromString('1'), Long.fromNumber(1))).toBe(0)
    expect(compareNumbers(new Int32(3), SdbDecimal.fromString('3.000'))).toBe(0)
    expect(compareNumbers(SdbDecimal.fromString('0.1'), 0.1)).toBe(-1) // 0.1 as a double is above 1/10
    expect(compareNumbers(Long.fromBigInt(2n ** 53n + 1n), 2 ** 53)).toBe(1)
    expect(compareNumbers(SdbDecimal.fromString('NaN'), SdbDecimal.fromString('MIN'))).toBe(-1)
    expect(compareNumbers(SdbDecimal.fromString('MAX'), Infinity)).toBe(0)
    expect(compareNumbers(NaN, new Double(NaN))).toBe(0)
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (a, b) => {
        const expected = a < b ? -1 : a > b ? 1 : 0
        expect(compareNumbers(SdbDecimal.fromNumber(a), new Double(b))).toBe(
          compareNumbers(a, b) === 0 ? compareNumbers(SdbDecimal.fromNumber(a), b) : expected,
        )
        expect(compareNumbers(a, b)).toBe(expected)
      }),
    )
  })
})

describe('typed extended JSON', () => {
  it('reads and writes the whole semantics dataset unchanged', () => {
    for (const doc of semantics.dataset) {
      const value = fromTypedJson(doc)
      expect(toTypedJson(value)).toEqual(doc)
      expect(toTypedJson(decodeDocument(encodeDocument(value as BsonDocument)))).toEqual(doc)
    }
  })

  it('reads and writes every document of the semantics results unchanged', () => {
    let checked = 0
    for (const c of semantics.cases) {
      const result = c['result']
      if (!Array.isArray(result)) continue
      for (const r of result) {
        if (typeof r !== 'object' || r === null || Array.isArray(r) || JSON.stringify(r).includes('<generated>')) continue
        expect(toTypedJson(fromTypedJson(r))).toEqual(r)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(100)
  })

  it('round-trips any document', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const json = toTypedJson(doc)
        expect(toTypedJson(fromTypedJson(JSON.parse(JSON.stringify(json)) as TypedJson))).toEqual(json)
      }),
      { numRuns: 200 },
    )
  })

  it('writes typed JSON text straight from BSON exactly as toTypedJson then stringifyTypedJson', () => {
    const same = (value: BsonValue) => expect(typedJsonText(value)).toBe(stringifyTypedJson(toTypedJson(value)))
    fc.assert(
      fc.property(documentArb, (doc) => {
        same(doc)
        same(decodeDocument(encodeDocument(doc)))
      }),
      { numRuns: 300 },
    )
    const protoKey: BsonDocument = {}
    Object.defineProperty(protoKey, '__proto__', { value: new Int32(1), enumerable: true, writable: true, configurable: true })
    const ordered = fromTypedJson(parseTypedJson('{"x":{"$numberInt":"1"},"1":"one","y":[1.5,{"0":true}]}')) as BsonDocument
    for (const v of [ordered, decodeDocument(encodeDocument(ordered)), protoKey, 7, -0, 2.5, Infinity, 2n ** 40n, new Date(Number.NaN), new Code('f()'), new BSONSymbol('s'), Decimal128.fromString('1.5'), ['a', undefined, null], { a: undefined, b: 'x "\\' }]) {
      same(v)
    }
    // The nesting limit holds for both, at the same depth.
    let deep: BsonValue = new Timestamp({ t: 1, i: 2 })
    for (let i = 0; i < 510; i++) deep = [deep]
    same(deep)
    deep = [deep]
    expect(() => typedJsonText(deep)).toThrow(SdbApiError)
    expect(() => stringifyTypedJson(toTypedJson(deep))).toThrow(SdbApiError)
  })

  it('keeps the field order of integer-like keys through JSON text', () => {
    const text = '{"a":{"x":{"$numberInt":"1"},"y":{"$numberInt":"2"},"1":{"$numberInt":"3"}}}'
    const value = fromTypedJson(parseTypedJson(text)) as BsonDocument
    expect(stringifyTypedJson(toTypedJson(value))).toBe(text)
    const bytes = encodeDocument(value)
    expect(stringifyTypedJson(toTypedJson(decodeDocument(bytes)))).toBe(text)
    expect(encodeDocument(decodeDocument(bytes)).equals(bytes)).toBe(true)
  })

  it('parses and prints JSON text like JSON.parse and JSON.stringify otherwise', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(parseTypedJson(text)).toEqual(JSON.parse(text))
        expect(stringifyTypedJson(parseTypedJson(text))).toBe(JSON.stringify(JSON.parse(text)))
      }),
    )
    for (const bad of ['', '{', '{"a":}', '[1,]', 'tru', '"x', '{"a":1}x', '01']) {
      expect(() => parseTypedJson(bad), bad).toThrow(SdbApiError)
    }
  })

  it('formats doubles like Python repr', () => {
    const cases: [number, string][] = [
      [1, '1.0'],
      [1e20, '1e+20'],
      [12.345, '12.345'],
      [1099511627777.5, '1099511627777.5'],
      [1e16, '1e+16'],
      [1e15, '1000000000000000.0'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [-2.5e-7, '-2.5e-07'],
      [123456789012345680, '1.2345678901234568e+17'],
      [NaN, 'NaN'],
      [-Infinity, '-Infinity'],
      [-0, '-0.0'],
    ]
    for (const [x, text] of cases) expect(formatDouble(x)).toBe(text)
  })

  it('accepts the sdb shell forms', () => {
    expect(fromTypedJson({ $numberLong: '1' })).toEqual(Long.fromNumber(1))
    expect(fromTypedJson({ $date: '2024-01-02' })).toEqual(new Date(2024, 0, 2))
    expect(fromTypedJson({ $date: '2024-01-02T00:00:00Z' })).toEqual(new Date(Date.UTC(2024, 0, 2)))
    expect(fromTypedJson({ $date: 1704153600000 })).toEqual(new Date(1704153600000))
    expect(fromTypedJson({ $timestamp: '2024-01-02-03.04.05.000006' })).toEqual(
      new Timestamp({ t: new Date(2024, 0, 2, 3, 4, 5).getTime() / 1000, i: 6 }),
    )
    expect(fromTypedJson({ $binary: 'aGVsbG8=', $type: '00' })).toEqual(new Binary(Buffer.from('hello'), 0))
    expect(fromTypedJson({ $oid: '0123456789abcdef01234567' })).toEqual(new ObjectId('0123456789abcdef01234567'))
    expect((fromTypedJson({ $decimal: '1.5' }) as SdbDecimal).toString()).toBe('1.5')
    expect(fromTypedJson({ $decimal: '12.345', $precision: [10, 3] })).toEqual(SdbDecimal.fromString('12.345', 10, 3))
  })

  it('reads $regex as the operator in a condition and as the type only when asked', () => {
    const cond = { s: { $regex: '^a', $options: 'i' } }
    expect(fromTypedJson(cond)).toEqual(cond)
    expect(fromTypedJson(cond, { shellRegex: 'value' })).toEqual({ s: new BSONRegExp('^a', 'i') })
  })

  it('names the bad path in its errors', () => {
    expect(() => fromTypedJson({ a: { b: { $numberInt: '1.5' } } })).toThrow(/a\.b/)
    expect(() => fromTypedJson({ $oid: 'zz' })).toThrow(SdbApiError)
    expect(() => fromTypedJson({ $date: 'yesterday' })).toThrow(SdbApiError)
    expect(() => fromTypedJson({ $numberInt: '4294967296' })).toThrow(SdbApiError)
  })
})
