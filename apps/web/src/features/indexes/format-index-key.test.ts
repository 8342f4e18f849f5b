import { describe, expect, it } from 'vitest'
import { formatIndexKey } from './format-index-key.js'

describe('formatIndexKey', () => {
  it('shows typed int32 directions as plain numbers in field order', () => {
    expect(formatIndexKey({ name: { $numberInt: '1' }, age: { $numberInt: '-1' } })).toBe('{"name": 1, "age": -1}')
  })

  it('keeps plain numbers, text indexes and long wrappers readable', () => {
    expect(formatIndexKey({ _id: 1 })).toBe('{"_id": 1}')
    expect(formatIndexKey({ body: 'text' })).toBe('{"body": "text"}')
    expect(formatIndexKey({ ts: { $numberLong: '-1' } })).toBe('{"ts": -1}')
  })

  it('leaves non-numeric typed values as JSON instead of dropping them', () => {
    expect(formatIndexKey({ a: { $date: '2024-01-01' } })).toBe('{"a": {"$date": "2024-01-01"}}')
    expect(formatIndexKey({ a: { $numberInt: 'x' } })).toBe('{"a": {"$numberInt": "x"}}')
  })
})
