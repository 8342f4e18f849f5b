import { describe, expect, it } from 'vitest'
import { ObjectId } from '../bson.js'
import type { InsertRequest, QueryRequest } from '../protocol/index.js'
import { InsertOperation, QueryAndModifyOperation, QueryFlags, QueryOperation, UpdateOperation } from './record-operations.js'

const session = { authVersion: 0 }

describe('InsertOperation', () => {
  it('puts a generated ObjectId first when a record has no _id, and reports every id in order', () => {
    const op = new InsertOperation('cs.cl', [{ name: 'a' }, { _id: 7, name: 'b' }, { _id: undefined, name: 'c' }])
    const request = op.buildRequest(session) as InsertRequest
    expect(Object.keys(request.documents[0]!)).toEqual(['_id', 'name'])
    expect(request.documents[0]!['_id']).toBeInstanceOf(ObjectId)
    expect(request.documents[1]).toEqual({ _id: 7, name: 'b' })
    expect(request.documents[2]!['_id']).toBeInstanceOf(ObjectId)
    expect(request.flags).toBe(0x12)
    const result = op.handleReply({ opCode: 2002, contextId: -1n, flags: 0, startFrom: 0, numReturned: 0, returnMask: 0, dataLen: 0, documents: [] })
    expect(result.insertedNum).toBe(3)
    expect(result.ids).toHaveLength(3)
    expect(result.ids[1]).toBe(7)
  })

  it('sets CONTONDUP and REPLACEONDUP on request', () => {
    const request = new InsertOperation('cs.cl', [{ _id: 1 }], { continueOnDuplicate: true, replaceOnDuplicate: true }).buildRequest(session) as InsertRequest
    expect(request.flags).toBe(0x12 | 0x1 | 0x4)
  })
})

describe('QueryOperation', () => {
  it('adds the C driver cursor flags and drops EXPLAIN/MODIFY given as user flags', () => {
    const request = new QueryOperation('cs.cl', { flags: QueryFlags.forceHint | 0x400 | 0x1000 }).buildRequest(session) as QueryRequest
    expect(request.flags).toBe(0x80 | 0x200 | 0x4000 | 0x80000)
    expect(request.numToSkip).toBe(0)
    expect(request.numToReturn).toBe(-1)
  })

  it('merges the user hint with $Modify for query-and-remove', () => {
    const request = new QueryAndModifyOperation('cs.cl', { hint: { '': 'idx' } }, { remove: true }).buildRequest(session) as QueryRequest
    expect(request.hint).toEqual({ '': 'idx', $Modify: { OP: 'remove', Remove: true } })
    expect(request.flags & 0x1000).toBe(0x1000)
  })
})

describe('UpdateOperation', () => {
  it('puts $SetOnInsert in the hint of an upsert', () => {
    const request = new UpdateOperation('cs.cl', { $set: { a: 1 } }, { condition: { b: 2 }, setOnInsert: { c: 3 } }, true).buildRequest(session)
    expect(request).toMatchObject({ kind: 'update', flags: 0x1, condition: { b: 2 }, rule: { $set: { a: 1 } }, hint: { $SetOnInsert: { c: 3 } } })
  })
})
