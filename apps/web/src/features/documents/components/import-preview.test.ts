import { describe, expect, it } from 'vitest'
import { formatOf, previewImport, RowNotObjectError } from './import-preview.js'

describe('import preview', () => {
  it('reads NDJSON rows with their BSON types', () => {
    const p = previewImport('{"a":1,"b":{"$numberLong":"9007199254740993"}}\n{"a":2.5,"b":"x","d":{"$date":"2024-01-01T00:00:00.000Z"}}\n', 'ndjson')
    expect(p.fields).toEqual([{ name: 'a', kinds: ['int32', 'double'] }, { name: 'b', kinds: ['int64', 'string'] }, { name: 'd', kinds: ['date'] }])
  })

  it('reads whole objects from the head of a JSON array, even cut mid-object', () => {
    const p = previewImport('[{"a":"x,}"},{"a":{"$oid":"65a1b2c3d4e5f60718293a4b"}},{"a":', 'json')
    expect(p.rows).toHaveLength(2)
    expect(p.fields).toEqual([{ name: 'a', kinds: ['string', 'objectId'] }])
  })

  it('guesses CSV column types, quoted commas included', () => {
    const p = previewImport('name,age,big,ok\n"Smith, J",42,9007199254740993,true\n', 'csv')
    expect(p.fields).toEqual([{ name: 'name', kinds: ['string'] }, { name: 'age', kinds: ['int32'] }, { name: 'big', kinds: ['int64'] }, { name: 'ok', kinds: ['bool'] }])
    expect(p.rows[0]).toEqual(['Smith, J', '42', '9007199254740993', 'true'])
  })

  it('reports a broken row instead of throwing', () => {
    expect(previewImport('{"a":\n', 'ndjson').error).toMatchObject({ code: 'unexpectedEnd', position: 5 })
    expect(previewImport('[1]\n', 'ndjson').error).toBeInstanceOf(RowNotObjectError)
    expect(formatOf('data.CSV')).toBe('csv')
    expect(formatOf('x.jsonl')).toBe('ndjson')
  })
})
