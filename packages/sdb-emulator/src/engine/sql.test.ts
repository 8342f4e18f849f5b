import { describe, expect, it } from 'vitest'
import { Int32, Long } from '@canopy/sdb-client/bson'
import { compileCondition } from './matcher.js'
import { parseSql } from './sql.js'
import { canonicalJson } from './testing/ordered-json.js'
import type { BsonDocument } from './values.js'

const i = (n: number): Int32 => new Int32(n)
const docs: BsonDocument[] = [
  { _id: i(1), t: 'x', n: i(5) },
  { _id: i(2), t: 'y', n: i(7) },
  { _id: i(3), t: 'x', n: Long.fromBigInt(10n) },
]

function select(sql: string): string[] {
  const plan = parseSql(sql)
  if (plan.kind !== 'select') throw new Error('expected a select')
  return plan.finish(docs.filter(compileCondition(plan.condition))).map((d) => canonicalJson(d))
}

describe('SQL', () => {
  it('selects, filters, orders and pages', () => {
    expect(select("select _id from cs.cl where t = 'x' or n > 6 order by _id desc limit 2")).toEqual([
      '{"_id":{"$numberInt":"3"}}',
      '{"_id":{"$numberInt":"2"}}',
    ])
    expect(select('select n as v, missing from cs.cl where _id in (2) ')).toEqual(['{"v":{"$numberInt":"7"},"missing":null}'])
  })

  it('groups with aggregate functions', () => {
    expect(select('select t, sum(n) as s, count(n) as c from cs.cl group by t order by t')).toEqual([
      '{"t":"x","s":{"$numberDouble":"15.0"},"c":{"$numberLong":"2"}}',
      '{"t":"y","s":{"$numberDouble":"7.0"},"c":{"$numberLong":"1"}}',
    ])
  })

  it('plans insert, update and delete', () => {
    expect(parseSql("insert into cs.cl (a, b) values (1, 'x'), (2, null)")).toMatchObject({ kind: 'insert', collection: 'cs.cl' })
    const u = parseSql('update cs.cl set a = 2 where b is not null')
    expect(u.kind === 'update' && canonicalJson(u.rule)).toBe('{"$set":{"a":{"$numberInt":"2"}}}')
    expect(parseSql('delete from cs.cl where a <> 1')).toMatchObject({ kind: 'delete', condition: { a: { $ne: i(1) } } })
  })

  it('reads double-quoted text as a string, as the server grammar does (legacy Node.js driver suite)', () => {
    const plan = parseSql('INSERT INTO foo6.bar5 ( c, d, e, f ) values( 6.1, "8.1", "aaa", "bbb")')
    expect(plan.kind === 'insert' && canonicalJson(plan.documents[0])).toBe('{"c":{"$numberDouble":"6.1"},"d":"8.1","e":"aaa","f":"bbb"}')
    expect(select('select _id from cs.cl where t = "y"')).toEqual(['{"_id":{"$numberInt":"2"}}'])
  })

  it('answers -195 for what the server does not parse and -6 for a dotted column', () => {
    for (const bad of ['select count(*) from cs.cl', 'select distinct a from cs.cl', 'select from cs.cl', 'drop table x', "select a from cs.cl where a = 'x"]) {
      expect(() => parseSql(bad), bad).toThrow(expect.objectContaining({ code: -195 }))
    }
    expect(() => parseSql('select a.x from cs.cl')).toThrow(expect.objectContaining({ code: -6 }))
  })
})
