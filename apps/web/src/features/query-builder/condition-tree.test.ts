import { describe, expect, it } from 'vitest'
import { type ConditionGroup, conditionFromTree, rawRules, treeFromCondition } from './condition-tree.js'

const roundTrip = (text: string) => conditionFromTree(treeFromCondition(text))

describe('condition <-> builder tree', () => {
  it.each([
    '{"a":{"$numberInt":"1"}}',
    '{"a":{"$gt":{"$numberLong":"9007199254740993"},"$lte":{"$numberInt":"100"}},"b":"x"}',
    '{"a":{"$size":1,"$et":3}}',
    '{"s":{"$type":2,"$et":"string"}}',
    '{"$or":[{"a":1},{"b":{"$in":[1,2,3]}}]}',
    '{"$and":[{"a":1,"b":2},{"c":{"$exists":0}}]}',
    '{"$not":[{"a":{"$regex":"^x","$options":"i"}}]}',
    '{"a":1,"$or":[{"b":1},{"$and":[{"c":1},{"d":{"$isnull":1}}]}]}',
    '{"t":{"$date":"2024-01-02T03:04:05.000Z"},"id":{"$oid":"65a1b2c3d4e5f60718293a4b"},"m":{"$decimal":"1.50"}}',
    '{"arr":{"$elemMatch":{"x":1,"y":{"$gt":2}}},"n":{"$mod":[3,1]},"tags":{"$all":["a","b"]}}',
    '{"emb":{"x":1,"y":2}}',
  ])('keeps %s through the tree', (text) => {
    expect(roundTrip(text)).toBe(text)
  })

  it('reads nested AND/OR/NOT into groups with typed rules', () => {
    const g = treeFromCondition('{"a":{"$gte":{"$numberLong":"5"}},"$or":[{"b":"x"},{"$not":[{"c":{"$size":1,"$gt":2}}]}]}')
    expect(g.combinator).toBe('and')
    const [a, or] = g.rules as [ConditionGroup['rules'][number], ConditionGroup]
    expect(a).toMatchObject({ field: 'a', operator: '$gte', value: { text: '5', kind: 'int64' } })
    expect(or).toMatchObject({ combinator: 'or' })
    expect(or.rules[0]).toMatchObject({ field: 'b', operator: '$et', value: { text: 'x', kind: 'string' } })
    expect(or.rules[1]).toMatchObject({ combinator: 'and', not: true, rules: [{ field: 'c', operator: 'fn:$size', value: { text: '2', kind: 'number', fnArg: '1', compare: '$gt' } }] })
  })

  it('writes typed values from the tree', () => {
    const g: ConditionGroup = {
      combinator: 'or',
      rules: [
        { field: 'age', operator: '$gt', value: { text: '30', kind: 'int32' } },
        { field: 'big', operator: '$et', value: { text: '9007199254740993', kind: 'int64' } },
        { combinator: 'and', not: true, rules: [{ field: 'when', operator: '$lt', value: { text: '2024-01-01T00:00:00Z', kind: 'date' } }, { field: 'tags', operator: 'fn:$size', value: { text: '0', kind: 'int32', fnArg: '1', compare: '$et' } }] },
      ],
    }
    expect(conditionFromTree(g)).toBe('{"$or":[{"age":{"$gt":{"$numberInt":"30"}}},{"big":{"$numberLong":"9007199254740993"}},{"$not":[{"when":{"$lt":{"$date":"2024-01-01T00:00:00.000Z"}}},{"tags":{"$size":1,"$et":{"$numberInt":"0"}}}]}]}')
  })

  it('keeps and flags JSON the builder cannot show', () => {
    const text = '{"a":{"$field":"b"},"$where":"x","c":1}'
    const g = treeFromCondition(text)
    expect(rawRules(g).map((r) => r.value.text)).toEqual(['{"a":{"$field":"b"}}', '{"$where":"x"}'])
    expect(conditionFromTree(g)).toBe(text)
  })

  it('merges rules on the same field and falls back to $and on a clash', () => {
    const g: ConditionGroup = { combinator: 'and', rules: [
      { field: 'a', operator: '$gt', value: { text: '1', kind: 'number' } },
      { field: 'a', operator: '$lt', value: { text: '9', kind: 'number' } },
    ] }
    expect(conditionFromTree(g)).toBe('{"a":{"$gt":1,"$lt":9}}')
    const clash: ConditionGroup = { combinator: 'and', rules: [
      { field: 'a', operator: '$gt', value: { text: '1', kind: 'number' } },
      { field: 'a', operator: '$gt', value: { text: '2', kind: 'number' } },
    ] }
    expect(conditionFromTree(clash)).toBe('{"$and":[{"a":{"$gt":1}},{"a":{"$gt":2}}]}')
  })

  it('refuses a value that does not fit its type', () => {
    expect(() => conditionFromTree({ combinator: 'and', rules: [{ field: 'a', operator: '$et', value: { text: 'abc', kind: 'int32' } }] })).toThrow(/whole number/)
  })
})
