import { describe, expect, it } from 'vitest'
import { Int32, Long, SdbDecimal } from '@canopy/sdb-client/bson'
import { runPipeline } from './aggregate.js'
import { canonicalJson } from './testing/ordered-json.js'
import type { BsonDocument, BsonValue } from './values.js'

const i = (n: number): Int32 => new Int32(n)
const docs: BsonDocument[] = [
  { _id: i(1), g: 'b', n: i(2), tags: 'x' },
  { _id: i(2), g: 'a', n: Long.fromBigInt(3n) },
  { _id: i(3), g: 'b', n: null, tags: 'y' },
  { _id: i(4), g: 'a', n: SdbDecimal.fromString('0.50') },
]
const run = (pipeline: BsonValue[]): string[] => runPipeline(docs, pipeline).map((d) => canonicalJson(d))

describe('aggregate', () => {
  it('groups in key order without _id, with the server accumulators', () => {
    expect(
      run([{ $group: { _id: '$g', g: { $first: '$g' }, s: { $sum: '$n' }, m: { $max: '$n' }, p: { $push: '$tags' }, c: { $count: '$_id' } } }]),
    ).toEqual([
      '{"g":"a","s":{"$decimal":"3.50"},"m":{"$numberLong":"3"},"p":[],"c":{"$numberLong":"2"}}',
      '{"g":"b","s":{"$numberDouble":"2.0"},"m":{"$numberInt":"2"},"p":["x","y"],"c":{"$numberLong":"2"}}',
    ])
  })

  it('projects in the given order with null for missing fields', () => {
    expect(run([{ $match: { _id: i(3) } }, { $project: { tags: 1, x: '$n', none: 1, _id: 0 } }])).toEqual([
      '{"tags":"y","x":null,"none":null}',
    ])
  })

  it('sorts, skips and limits', () => {
    expect(run([{ $sort: { g: 1, _id: -1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 1 } }])).toEqual([
      '{"_id":{"$numberInt":"2"}}',
      '{"_id":{"$numberInt":"3"}}',
    ])
  })

  it('rejects unknown stages and operators, and sorting on what a group does not produce', () => {
    for (const bad of [
      [{ $unwind: '$tags' }],
      [{ $group: { _id: '$g', x: { $nope: '$n' } } }],
      [{ $group: { _id: '$g', s: { $sum: '$n' } } }, { $sort: { _id: 1 } }],
      [{ $project: { a: true } }],
      [{ $limit: 'x' }],
    ] as BsonValue[][]) {
      expect(() => runPipeline(docs, bad)).toThrow(expect.objectContaining({ code: -6 }))
    }
  })
})
