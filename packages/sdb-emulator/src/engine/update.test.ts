import { describe, expect, it } from 'vitest'
import { Double, Int32, Long, ObjectId } from '@canopy/sdb-client/bson'
import { canonicalJson } from './testing/ordered-json.js'
import { compileUpdate, lexNumCompare } from './update.js'
import type { BsonDocument } from './values.js'

const i = (n: number): Int32 => new Int32(n)
const show = (d: BsonDocument): string => canonicalJson(d)

describe('update rules', () => {
  it('sort the top-level fields of a modified document, numbers after letters', () => {
    const r = compileUpdate({ $set: { b: i(1) } }).apply({ z: i(1), _id: i(7), a: i(2) })
    expect(Object.keys(r.doc)).toEqual(['_id', 'a', 'b', 'z'])
    expect(['10', 'b', '9', 'B', '_x'].sort(lexNumCompare)).toEqual(['B', '_x', 'b', '9', '10'])
  })

  it('leave a document alone (and its field order) when nothing changes', () => {
    const doc = { z: i(1), a: i(2) }
    const r = compileUpdate({ $set: { a: i(2) }, $inc: { s: i(1) } }).apply({ ...doc, s: 'str' })
    expect(r.modified).toBe(false)
    expect(Object.keys(r.doc)).toEqual(['z', 'a', 's'])
  })

  it('promote $inc results as the server does', () => {
    const inc = (v: BsonDocument['x'], by: BsonDocument['x']): string => show(compileUpdate({ $inc: { x: by } }).apply({ x: v }).doc)
    expect(inc(i(2147483647), i(1))).toBe('{"x":{"$numberInt":"-2147483648"}}')
    expect(inc(Long.fromBigInt(1n), i(1))).toBe('{"x":{"$numberLong":"2"}}')
    expect(inc(i(1), new Double(0.5))).toBe('{"x":{"$numberDouble":"1.5"}}')
    expect(inc(Long.fromBigInt(2n ** 63n - 1n), i(1))).toBe('{"x":{"$decimal":"9223372036854775808"}}')
  })

  it('create missing paths for $set/$inc/$push but not for $unset/$pull/$pop', () => {
    expect(show(compileUpdate({ $push: { 'a.b': i(1) } }).apply({}).doc)).toBe('{"a":{"b":[{"$numberInt":"1"}]}}')
    expect(compileUpdate({ $unset: { 'a.b': 1 }, $pull: { c: i(1) }, $pop: { d: i(1) } }).apply({ x: i(1) }).modified).toBe(false)
    expect(show(compileUpdate({ $set: { 'l.3': 'v' } }).apply({ l: ['a'] }).doc)).toBe('{"l":["a",null,null,"v"]}')
  })

  it('reject bad arguments with -6, an empty field name with -10', () => {
    expect(() => compileUpdate({ $inc: { a: 'x' } })).toThrow(expect.objectContaining({ code: -6 }))
    expect(() => compileUpdate({ $push_all: { a: i(1) } })).toThrow(expect.objectContaining({ code: -6 }))
    expect(() => compileUpdate({ $rename: { a: 'b.c' } })).toThrow(expect.objectContaining({ code: -6 }))
    expect(() => compileUpdate({ a: i(1) })).toThrow(expect.objectContaining({ code: -6 }))
    expect(() => compileUpdate({ $set: { '': i(1) } })).toThrow(expect.objectContaining({ code: -10 }))
  })

  it('build upsert documents from the condition equalities, $setOnInsert and the rule', () => {
    const u = compileUpdate({ $inc: { n: i(1) } }, { created: true })
    const doc = u.upsertDocument({ 'k.x': 'v', n: i(4), r: { $gt: i(1) } }, () => new ObjectId('5f1d7a2b9c8e4d0012345678'))
    expect(show(doc)).toBe('{"_id":{"$oid":"5f1d7a2b9c8e4d0012345678"},"created":true,"k":{"x":"v"},"n":{"$numberInt":"5"}}')
    expect(show(compileUpdate({ $replace: { q: i(1) } }).upsertDocument({ _id: i(9), k: i(1) }))).toBe(
      '{"_id":{"$numberInt":"9"},"q":{"$numberInt":"1"}}',
    )
  })
})
