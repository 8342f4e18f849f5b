import { describe, expect, it } from 'vitest'
import { BSONRegExp, Double, Int32, Long, MaxKey, MinKey, SdbDecimal } from '@canopy/sdb-client/bson'
import { compileCondition, equalityFields, impliedBounds } from './matcher.js'
import type { BsonDocument } from './values.js'

const i = (n: number): Int32 => new Int32(n)

const docs: BsonDocument[] = [
  { _id: i(1), a: i(5), s: 'Apple', tags: ['x', 'y'] },
  { _id: i(2), a: Long.fromBigInt(5n), s: 'banana', sub: { k: i(1) } },
  { _id: i(3), a: new Double(7.5), arr: [{ k: i(1) }, { k: i(9) }] },
  { _id: i(4), a: SdbDecimal.fromString('-2.50'), s: null },
  { _id: i(5), s: 'cherry', a: [i(1), i(10)] },
]

function ids(condition: BsonDocument): number[] {
  const p = compileCondition(condition)
  return docs.filter(p).map((d) => (d._id as Int32).value)
}

describe('conditions', () => {
  it('compare numbers of every type by value', () => {
    expect(ids({ a: i(5) })).toEqual([1, 2])
    expect(ids({ a: { $gte: new Double(5) } })).toEqual([1, 2, 3, 5])
    expect(ids({ a: { $lt: i(0) } })).toEqual([4])
    expect(ids({ a: SdbDecimal.fromString('7.50') })).toEqual([3])
  })

  it('match array elements and keep ranges inside one type class', () => {
    expect(ids({ a: i(10) })).toEqual([5])
    expect(ids({ s: { $gt: 'b' } })).toEqual([2, 5])
    expect(ids({ s: { $gt: i(0) } })).toEqual([])
  })

  it('compare a stored min/max key only with a $minKey/$maxKey operand, as mthMatchOpNode.cpp', () => {
    const keys: BsonDocument[] = [{ _id: i(1), a: new MinKey() }, { _id: i(2), a: i(5) }, { _id: i(3), a: new MaxKey() }]
    const match = (condition: BsonDocument): number[] => keys.filter(compileCondition(condition)).map((d) => (d._id as Int32).value)
    expect(match({ a: { $gt: i(1) } })).toEqual([2])
    expect(match({ a: { $lt: i(10) } })).toEqual([2])
    expect(match({ a: { $gt: new MinKey() } })).toEqual([2, 3])
    expect(match({ a: { $gte: new MinKey() } })).toEqual([1, 2, 3])
    expect(match({ a: { $lt: new MaxKey() } })).toEqual([1, 2])
    expect(match({ a: { $lte: new MinKey() } })).toEqual([1])
    expect(match({ a: { $gte: new MaxKey() } })).toEqual([3])
  })

  it('never match a missing field with $ne, $nin or ranges, but do with $exists: 0 and $isnull', () => {
    expect(ids({ s: { $ne: 'Apple' } })).toEqual([2, 4, 5])
    expect(ids({ s: { $nin: ['Apple'] } })).toEqual([2, 4, 5])
    expect(ids({ s: { $exists: 0 } })).toEqual([3])
    expect(ids({ s: { $isnull: 1 } })).toEqual([3, 4])
  })

  it('walk dotted paths through documents and arrays of documents', () => {
    expect(ids({ 'sub.k': i(1) })).toEqual([2])
    expect(ids({ 'arr.k': i(9) })).toEqual([3])
    expect(ids({ 'arr.1.k': i(9) })).toEqual([3])
    expect(ids({ 'tags.1': 'y' })).toEqual([1])
  })

  it('support regex operators, regex values, $elemMatch, $all and logical operators', () => {
    expect(ids({ s: { $regex: '^a', $options: 'i' } })).toEqual([1])
    expect(ids({ s: new BSONRegExp('an', '') })).toEqual([2])
    expect(ids({ arr: { $elemMatch: { k: { $gt: i(5) } } } })).toEqual([3])
    expect(ids({ tags: { $all: ['y', 'x'] } })).toEqual([1])
    expect(ids({ $or: [{ _id: i(1) }, { $and: [{ s: 'cherry' }, { a: i(1) }] }] })).toEqual([1, 5])
    expect(ids({ $not: [{ s: { $exists: 1 } }] })).toEqual([3])
  })

  it('apply functions before comparing', () => {
    expect(ids({ a: { $abs: 1, $et: SdbDecimal.fromString('2.5') } })).toEqual([4])
    expect(ids({ s: { $upper: 1, $et: 'BANANA' } })).toEqual([2])
    expect(ids({ a: { $type: 2, $et: 'double' } })).toEqual([3])
    expect(ids({ tags: { $size: 1, $et: i(2) } })).toEqual([1])
  })

  it('reject what the server rejects with -6', () => {
    for (const bad of [
      { a: { $nope: 1 } },
      { $nor: [{ a: i(1) }] },
      { $not: { a: i(1) } },
      { a: { $in: i(1) } },
      { a: { $type: i(1) } },
      { a: { $mod: [i(0), i(1)] } },
      { a: { $regex: i(1) } },
      { a: { $elemMatch: i(1) } },
    ] as BsonDocument[]) {
      expect(() => compileCondition(bad), JSON.stringify(Object.keys(bad))).toThrow(expect.objectContaining({ code: -6 }))
    }
  })

  it('lists the bounds a planner can use and the fields an upsert copies', () => {
    const b = impliedBounds({ a: { $gt: i(1), $lte: i(9) }, s: 'x', $and: [{ t: { $in: [i(1), i(2)] } }], $or: [{ z: i(1) }] })
    expect([...b.keys()]).toEqual(['a', 's', 't'])
    expect(b.get('a')?.lower?.inclusive).toBe(false)
    expect(b.get('t')?.eq).toHaveLength(2)
    expect(equalityFields({ a: i(1), b: { $et: i(2) }, c: { $gt: i(3) }, $and: [{ 'd.e': i(4) }] }).map(([k]) => k)).toEqual([
      'a',
      'b',
      'd.e',
    ])
  })
})
