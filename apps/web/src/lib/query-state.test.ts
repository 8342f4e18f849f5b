import { describe, expect, it } from 'vitest'
import { decodeQueryState, encodeQueryState } from './query-state.js'

describe('query state in the URL', () => {
  it('round-trips condition, selector, sort, hint, skip and limit with types and key order', () => {
    const s = { condition: '{"b":{"$numberLong":"5"},"10":{"$gt":{"$numberInt":"1"}}}', selector: '{"a":{"$include":1}}', orderBy: '{"a":-1}', hint: '{"":"idx"}', skip: 5, limit: 20 }
    expect(decodeQueryState(encodeQueryState(s))).toEqual(s)
  })

  it('turns an empty query into no parameter and a broken one into an empty query', () => {
    expect(encodeQueryState({ condition: '{}' })).toBeUndefined()
    expect(decodeQueryState('{"condition":')).toEqual({})
  })
})
