import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { convertKind, effectiveKind, parseTypedJson, scalarFromText, stringifyTypedJson, TypedJsonSyntaxError, TypedValueError } from './typed-json.js'

const everyType = '{"_id":{"$oid":"65a1b2c3d4e5f60718293a4b"},"i":{"$numberInt":"7"},"l":{"$numberLong":"9007199254740993"},"d":{"$numberDouble":"1e+20"},"dn":{"$numberDouble":"NaN"},"m":{"$decimal":"12.50","$precision":[10,2]},"s":"héllo \\"q\\"","b":true,"n":null,"t":{"$date":"2024-01-02T03:04:05.000Z"},"tl":{"$date":{"$numberLong":"-1000"}},"ts":{"$timestamp":{"t":1700000000,"i":5}},"bin":{"$binary":{"base64":"AAEC","subType":"04"}},"re":{"$regularExpression":{"pattern":"^a.*","options":"i"}},"min":{"$minKey":1},"max":{"$maxKey":1},"o":{"2":"two","1":"one","a":[1,{"$numberInt":"2"},[]]},"e":{},"arr":[]}'

describe('typed JSON', () => {
  it('prints a document with every BSON type exactly as it was read', () => {
    expect(stringifyTypedJson(parseTypedJson(everyType))).toBe(everyType)
  })

  it('keeps integer-like keys in document order, which JSON.parse would move', () => {
    const v = parseTypedJson('{"b":1,"10":2,"2":3}')
    expect(v.kind === 'object' && v.entries.map(([k]) => k)).toEqual(['b', '10', '2'])
  })

  it('keeps large plain integers as written', () => {
    expect(stringifyTypedJson(parseTypedJson('{"x":12345678901234567890}'))).toBe('{"x":12345678901234567890}')
  })

  it('tells the type of every value', () => {
    const v = parseTypedJson(everyType)
    if (v.kind !== 'object') throw new Error('not an object')
    expect(Object.fromEntries(v.entries.map(([k, x]) => [k, x.kind]))).toMatchObject({
      _id: 'objectId', i: 'int32', l: 'int64', d: 'double', m: 'decimal', s: 'string', b: 'bool', n: 'null', t: 'date', ts: 'timestamp', bin: 'binary', re: 'regex', min: 'minKey', max: 'maxKey', o: 'object', arr: 'array',
    })
  })

  it('rejects malformed text with a position instead of throwing a bare error', () => {
    expect(() => parseTypedJson('{"a": }')).toThrow(TypedJsonSyntaxError)
    expect(() => parseTypedJson('{"a":1} x')).toThrow(/position 8/)
    expect(() => parseTypedJson('['.repeat(500))).toThrow(/too deep/)
  })

  it('refuses edits that do not fit the type', () => {
    expect(() => scalarFromText('int32', '2147483648')).toThrow(TypedValueError)
    expect(scalarFromText('int64', '9223372036854775807')).toEqual({ kind: 'int64', text: '9223372036854775807' })
    expect(() => scalarFromText('int64', '9223372036854775808')).toThrow(/Int64 range/)
    expect(() => scalarFromText('objectId', 'xyz')).toThrow(/24 hexadecimal/)
    expect(scalarFromText('date', '2024-01-02T03:04:05Z')).toEqual({ kind: 'date', raw: '2024-01-02T03:04:05.000Z' })
  })

  it('converts between numeric types keeping the number', () => {
    expect(convertKind({ kind: 'int32', text: '5' }, 'int64')).toEqual({ kind: 'int64', text: '5' })
    expect(effectiveKind({ kind: 'number', text: '3' })).toBe('int32')
    expect(effectiveKind({ kind: 'number', text: '3.5' })).toBe('double')
  })

  it('round-trips any JSON value (property)', () => {
    fc.assert(fc.property(fc.json(), (text) => {
      expect(JSON.parse(stringifyTypedJson(parseTypedJson(text)))).toEqual(JSON.parse(text))
    }), { numRuns: 300 })
  })
})
