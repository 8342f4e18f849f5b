import { describe, expect, it } from 'vitest'
import { Int32 } from '@canopy/sdb-client/bson'
import { compileSelector } from './selector.js'
import { canonicalJson } from './testing/ordered-json.js'
import type { BsonDocument } from './values.js'

const i = (n: number): Int32 => new Int32(n)
const doc: BsonDocument = { _id: i(1), b: 'x', a: { y: i(2), x: i(1) }, list: [i(1), i(2), i(3)], objs: [{ k: i(1), v: 'p' }, { k: i(2) }] }
const project = (selector: BsonDocument): string => canonicalJson(compileSelector(selector)(doc))

describe('selectors', () => {
  it('include in document order and append defaults', () => {
    expect(project({ zz: 'dflt', b: i(1), _id: { $include: 1 } })).toBe('{"_id":{"$numberInt":"1"},"b":"x","zz":"dflt"}')
    expect(project({ 'a.x': { $include: 1 }, 'objs.k': i(1) })).toBe(
      '{"a":{"x":{"$numberInt":"1"}},"objs":[{"k":{"$numberInt":"1"}},{"k":{"$numberInt":"2"}}]}',
    )
  })

  it('exclude paths, also inside arrays of documents', () => {
    expect(project({ a: { $include: 0 }, 'objs.v': { $include: 0 }, list: { $include: 0 } })).toBe(
      '{"_id":{"$numberInt":"1"},"b":"x","objs":[{"k":{"$numberInt":"1"}},{"k":{"$numberInt":"2"}}]}',
    )
  })

  it('rewrite fields with functions, keeping the rest', () => {
    expect(project({ list: { $slice: [1, 1] }, b: { $upper: 1 }, objs: { $elemMatchOne: { k: i(2) } }, a: { $size: 1 } })).toBe(
      '{"_id":{"$numberInt":"1"},"b":"X","a":{"$numberInt":"2"},"list":[{"$numberInt":"2"}],"objs":[{"k":{"$numberInt":"2"}}]}',
    )
  })

  it('rejects mixing include and exclude, and unknown operators', () => {
    expect(() => compileSelector({ a: { $include: 1 }, b: { $include: 0 } })).toThrow(expect.objectContaining({ code: -6 }))
    expect(() => compileSelector({ a: { $nope: 1 } })).toThrow(expect.objectContaining({ code: -6 }))
  })
})
