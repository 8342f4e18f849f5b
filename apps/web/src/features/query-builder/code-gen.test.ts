import { describe, expect, it } from 'vitest'
import { toPython, toShell, toTypeScript } from './code-gen.js'

const q = { condition: '{"age":{"$gt":{"$numberLong":"9007199254740993"}},"when":{"$lt":{"$date":"2024-01-02T03:04:05.000Z"}},"id":{"$oid":"65a1b2c3d4e5f60718293a4b"}}', orderBy: '{"age":-1}', skip: 5, limit: 10 }

describe('query as code', () => {
  it('writes sdb shell JavaScript with the shell type forms', () => {
    expect(toShell('foo', 'bar', q)).toBe('db.foo.bar.find({ "age": { "$gt": { "$numberLong": "9007199254740993" } }, "when": { "$lt": { "$date": "2024-01-02T03:04:05.000Z" } }, "id": { "$oid": "65a1b2c3d4e5f60718293a4b" } }).sort({ "age": -1 }).skip(5).limit(10)')
  })

  it('writes pysequoiadb Python with bson types and ordered SON', () => {
    const py = toPython('foo', 'bar', q)
    expect(py).toContain('from bson.int64 import Int64')
    expect(py).toContain('from bson.objectid import ObjectId')
    expect(py).toContain('cl = db.get_collection("foo.bar")')
    expect(py).toContain('cursor = cl.query(condition=SON([("age", SON([("$gt", Int64(9007199254740993))])), ("when", SON([("$lt", datetime.datetime(2024, 1, 2, 3, 4, 5, 0))])), ("id", ObjectId("65a1b2c3d4e5f60718293a4b"))]), order_by=SON([("age", -1)]), num_to_skip=5, num_to_return=10)')
  })

  it('writes TypeScript for @canopy/sdb-client that decodes the typed JSON exactly', () => {
    const ts = toTypeScript('foo', 'bar', q)
    expect(ts).toContain("import { Client } from '@canopy/sdb-client'")
    expect(ts).toContain('condition: doc({"age":{"$gt":{"$numberLong":"9007199254740993"}}')
    expect(ts).toContain('skip: 5,')
    expect(ts).toContain("db.collection(\"foo.bar\")")
  })
})
