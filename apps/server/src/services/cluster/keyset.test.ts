import { describe, expect, it } from 'vitest'
import {
  InvalidPageTokenError,
  decodePageToken,
  effectiveOrder,
  encodePageToken,
  keysetCondition,
  planSelector,
  queryFingerprint,
  sortKeyOf,
  stripAdded,
} from './keyset.js'

const int = (n: number) => ({ $numberInt: String(n) })

describe('keyset paging', () => {
  it('always ends the sort with _id, in the direction of the last field', () => {
    expect(effectiveOrder(undefined)).toEqual([['_id', 1]])
    expect(effectiveOrder({ age: -1 })).toEqual([['age', -1], ['_id', -1]])
    expect(effectiveOrder({ _id: -1, a: 1 })).toEqual([['_id', -1], ['a', 1]])
  })

  it('builds the "after the last key" range for one and several fields', () => {
    expect(keysetCondition([['_id', 1]], [{ v: int(5) }])).toEqual({ _id: { $gt: int(5) } })
    expect(keysetCondition([['age', -1], ['_id', -1]], [{ v: int(30) }, { v: { $oid: 'a'.repeat(24) } }])).toEqual({
      $or: [
        { $or: [{ age: { $lt: int(30) } }, { age: { $isnull: 1 } }] },
        { $and: [{ age: { $et: int(30) } }, { _id: { $lt: { $oid: 'a'.repeat(24) } } }] },
      ],
    })
    // Ascending on a string: later type brackets come after the last string.
    const asc = keysetCondition([['s', 1], ['_id', 1]], [{ v: 'm' }, { v: int(1) }]) as { $or: [{ $or: unknown[] }] }
    expect(asc.$or[0].$or[0]).toEqual({ s: { $gt: 'm' } })
    expect(asc.$or[0].$or).toContainEqual({ s: { $type: 1, $et: 9 } })
    expect(asc.$or[0].$or).not.toContainEqual({ s: { $type: 1, $et: 16 } })
  })

  it('treats a missing sort field as sorting first', () => {
    const order = effectiveOrder({ age: 1 })
    const keys = sortKeyOf({ _id: int(3) }, order)
    expect(keys).toEqual([null, { v: int(3) }])
    expect(keysetCondition(order, keys)).toEqual({
      $or: [{ age: { $exists: 1 } }, { $and: [{ age: { $exists: 0 } }, { _id: { $gt: int(3) } }] }],
    })
  })

  it('places null right after missing', () => {
    expect(keysetCondition([['a', 1], ['_id', 1]], [{ v: null }, { v: int(2) }])).toEqual({
      $or: [{ a: { $isnull: 0 } }, { $and: [{ $and: [{ a: { $exists: 1 } }, { a: { $isnull: 1 } }] }, { _id: { $gt: int(2) } }] }],
    })
  })

  it('round-trips a token and refuses it for another query or when damaged', () => {
    const q = queryFingerprint({ condition: { a: int(1) } })
    const token = encodePageToken({ query: q, keys: [{ v: { $numberLong: '9007199254740993' } }] })
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodePageToken(token, q).keys).toEqual([{ v: { $numberLong: '9007199254740993' } }])
    expect(() => decodePageToken(token, queryFingerprint({ condition: { a: int(2) } }))).toThrow(InvalidPageTokenError)
    expect(() => decodePageToken('not a token', q)).toThrow(InvalidPageTokenError)
    expect(() => decodePageToken(Buffer.from('{"t":1,"query":"' + q + '","keys":5}').toString('base64url'), q)).toThrow(InvalidPageTokenError)
  })

  it('adds the sort fields to an inclusion selector and strips them again', () => {
    const order = effectiveOrder({ 'a.b': 1 })
    const plan = planSelector({ name: int(1) }, order)
    expect(plan.offsetOnly).toBe(false)
    expect(plan.added).toEqual(['a.b', '_id'])
    expect(Object.keys(plan.selector ?? {})).toEqual(['name', 'a.b', '_id'])
    expect(stripAdded({ name: 'x', a: { b: int(1) }, _id: int(1) }, plan.added)).toEqual({ name: 'x' })
  })

  it('falls back to offsets when the selector rewrites a sort field', () => {
    expect(planSelector({ _id: { $add: int(1) } }, effectiveOrder(undefined)).offsetOnly).toBe(true)
    expect(planSelector({ a: { $include: int(0) } }, effectiveOrder({ a: 1 })).offsetOnly).toBe(true)
    // An exclusion of another field keeps every sort field: nothing to add.
    expect(planSelector({ b: { $include: int(0) } }, effectiveOrder({ a: 1 }))).toEqual({ selector: { b: { $include: int(0) } }, added: [], offsetOnly: false })
    const offset = encodePageToken({ query: 'q', offset: 100 })
    expect(decodePageToken(offset, 'q')).toEqual({ query: 'q', offset: 100 })
  })
})
