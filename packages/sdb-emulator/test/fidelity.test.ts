import { Code, Double, Int32, Long, MaxKey, MinKey, ObjectId } from '@canopy/sdb-client/bson'
import type { SdbReply } from '@canopy/sdb-client/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeServicePorts, startEmulator, type EmulatorInternals } from '../src/server/emulator.js'
import { RawClient } from './raw-client.js'

/**
 * Behaviours the official clients' own test suites (the legacy Node.js driver's mocha suite, the
 * C driver) rely on, each checked against the SequoiaDB v6 server source.
 */
let emu: EmulatorInternals
let c: RawClient

beforeAll(async () => {
  emu = await startEmulator({ port: 0, groups: 2, replicas: 1 })
  c = await RawClient.connect(emu.coordAddress)
})
afterAll(async () => {
  c.close()
  await emu.close()
})

/** Free ports for new nodes, clear of every existing node's port range. */
async function freePorts(n: number): Promise<number[]> {
  return freeServicePorts('127.0.0.1', n, emu.nodes.map((node) => node.port))
}

async function ok(reply: Promise<SdbReply>): Promise<SdbReply> {
  const r = await reply
  expect(r.flags, JSON.stringify(r.documents[0])).toBe(0)
  return r
}

async function waitForPrimary(group: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await c.command('list groups', { GroupName: group })
    if (r.documents[0]?.['PrimaryNode'] !== undefined) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no primary in ${group}`)
}

describe('$remove node, as catContextNode.cpp', () => {
  it('keeps the only node and the primary unless Enforced', async () => {
    await ok(c.command('create group', { GroupName: 'rn' }, { flags: 0 }))
    const [a, b, d] = (await freePorts(3)) as [number, number, number]
    const node = (port: number): Record<string, unknown> => ({ GroupName: 'rn', HostName: '127.0.0.1', svcname: String(port) })
    await ok(c.command('create node', { ...node(a), dbpath: `/tmp/rn/${a}` }, { flags: 0 }))
    // The legacy Node.js suite removes the only node of a new group and expects an error.
    expect((await c.command('remove node', node(a), { flags: 0 })).flags).toBe(-204)
    await ok(c.command('create node', { ...node(b), dbpath: `/tmp/rn/${b}` }, { flags: 0 }))
    await ok(c.command('remove node', node(b), { flags: 0 }))
    await ok(c.command('active group', { GroupName: 'rn' }, { flags: 0 }))
    await waitForPrimary('rn')
    await ok(c.command('create node', { ...node(d), dbpath: `/tmp/rn/${d}` }, { flags: 0 }))
    expect((await c.command('remove node', node(a), { flags: 0 })).flags).toBe(-204)
    await ok(c.command('remove node', node(d), { flags: 0 }))
    // Enforced removes the last node of a data group that holds no collection.
    await ok(c.command('remove node', { ...node(a), Enforced: true }, { flags: 0 }))
    const left = await c.command('list groups', { GroupName: 'rn' })
    expect(left.documents[0]?.['Group']).toEqual([])
    await ok(c.command('remove group', { GroupName: 'rn' }, { flags: 0 }))
  })

  it('refuses Enforced on the last node of a group holding a collection', async () => {
    const group = (await c.command('list groups', { GroupName: 'group2' })).documents[0]
    const only = (group?.['Group'] as Record<string, unknown>[])[0]!
    const service = (only['Service'] as Record<string, unknown>[])[0]!
    await ok(c.command('create collectionspace', { Name: 'rncs' }, { flags: 0 }))
    await ok(c.command('create collection', { Name: 'rncs.t', Group: 'group2' }, { flags: 0 }))
    const r = await c.command('remove node', { GroupName: 'group2', HostName: only['HostName'], svcname: service['Name'], Enforced: true }, { flags: 0 })
    expect(r.flags).toBe(-204)
    await ok(c.command('drop collectionspace', { Name: 'rncs' }, { flags: 0 }))
    expect(group?.['GroupID']).toEqual(new Int32(1001))
  })
})

describe('commands the legacy Node.js driver sends', () => {
  it('exports the configuration (flushConfigure) with an empty success', async () => {
    await ok(c.command('export configuration', { Global: false }, { flags: 0 }))
  })

  it('answers $snapshot database about a node that never started with its ErrNodes, not an error', async () => {
    await ok(c.command('create group', { GroupName: 'idle' }, { flags: 0 }))
    const [port] = (await freePorts(1)) as [number]
    await ok(c.command('create node', { GroupName: 'idle', HostName: '127.0.0.1', svcname: String(port), dbpath: `/tmp/idle/${port}` }, { flags: 0 }))
    const group = (await c.command('list groups', { GroupName: 'idle' })).documents[0]!
    const nodeId = (group['Group'] as Record<string, unknown>[])[0]!['NodeID']
    const r = await ok(c.command('snapshot database', { GroupID: group['GroupID'], NodeID: nodeId }))
    expect(r.documents).toHaveLength(1)
    expect(r.documents[0]?.['ErrNodes']).toEqual([expect.objectContaining({ NodeName: `127.0.0.1:${String(port)}`, GroupName: 'idle', Flag: new Int32(-79) })])
    await ok(c.command('remove group', { GroupName: 'idle' }, { flags: 0 }))
  })
})

describe('stored $minKey / $maxKey values', () => {
  it('answer range conditions alike through an index and a table scan', async () => {
    await ok(c.command('create collectionspace', { Name: 'mk' }, { flags: 0 }))
    await ok(c.command('create collection', { Name: 'mk.t' }, { flags: 0 }))
    await ok(c.request({ kind: 'insert', name: 'mk.t', flags: 0, documents: [{ _id: new Int32(1), a: new MinKey() }, { _id: new Int32(2), a: new Int32(5) }, { _id: new Int32(3), a: new MaxKey() }] }))
    await ok(c.command('create index', { Collection: 'mk.t', Index: { name: 'ia', key: { a: new Int32(1) } } }, { flags: 0 }))
    const ids = async (condition: Record<string, unknown>, hint: Record<string, unknown>): Promise<unknown[]> => {
      const r = await ok(c.request({ kind: 'query', name: 'mk.t', flags: 0x80200, numToSkip: 0, numToReturn: -1, condition: condition as never, selector: {}, orderBy: { _id: new Int32(1) }, hint: hint as never }))
      return r.documents.map((d) => (d['_id'] as Int32).value)
    }
    const cases: [Record<string, unknown>, number[]][] = [
      [{ a: { $gt: new Int32(1) } }, [2]],
      [{ a: { $lte: new Int32(9) } }, [2]],
      [{ a: { $gte: new MinKey() } }, [1, 2, 3]],
      [{ a: { $lt: new MaxKey() } }, [1, 2]],
      [{ a: new MaxKey() }, [3]],
    ]
    for (const [condition, expected] of cases) {
      expect(await ids(condition, { '': 'ia' }), JSON.stringify(condition)).toEqual(expected)
      expect(await ids(condition, { '': null }), JSON.stringify(condition)).toEqual(expected)
    }
    await ok(c.command('drop collectionspace', { Name: 'mk' }, { flags: 0 }))
  })
})

describe('$list contexts / $snapshot contexts', () => {
  it('lists the context of the reply itself when the session has no cursor open, as the real server', async () => {
    const fresh = await RawClient.connect(emu.coordAddress)
    try {
      const list = await ok(fresh.command('list contexts current'))
      expect(list.documents).toHaveLength(1)
      const record = list.documents[0]!
      expect(Object.keys(record)).toEqual(['NodeName', 'SessionID', 'TotalCount', 'Contexts'])
      expect(record['TotalCount']).toEqual(new Int32(1))
      const [id] = record['Contexts'] as Long[]
      // Listed before the reply went out: the context then closed at EOF (WITH_RETURNDATA + CLOSE_EOF).
      expect(id?.toBigInt()).toBeGreaterThan(0n)
      const snap = await ok(fresh.command('snapshot contexts current'))
      const contexts = snap.documents[0]?.['Contexts'] as Record<string, unknown>[]
      expect(contexts).toEqual([{ ContextID: expect.any(Long) as unknown, Type: 'DUMP', Description: 'BufferSize:0' }])
      const all = await ok(fresh.command('snapshot contexts'))
      expect(all.documents.map((d) => d['SessionID'])).toContainEqual(snap.documents[0]?.['SessionID'])
    } finally {
      fresh.close()
    }
  })
})

describe('$snapshot collections counters', () => {
  const counter = async (name: string, field: string): Promise<number> => {
    const r = await ok(c.command('snapshot collections', { Name: name }))
    const details = r.documents[0]?.['Details'] as { Group: Record<string, Long>[] }[]
    return details.reduce((n, d) => n + Number(d.Group[0]![field]!.toBigInt()), 0)
  }

  it('counts the records a query hands out as TotalSelect, past the skip', async () => {
    await ok(c.command('create collectionspace', { Name: 'cnt' }, { flags: 0 }))
    await ok(c.command('create collection', { Name: 'cnt.t' }, { flags: 0 }))
    await ok(c.request({ kind: 'insert', name: 'cnt.t', flags: 0, documents: Array.from({ length: 10 }, (_, k) => ({ k: new Int32(k) })) }))
    const page = await ok(c.request({ kind: 'query', name: 'cnt.t', flags: 0x80200, numToSkip: 2, numToReturn: 3, condition: {}, selector: {}, orderBy: {}, hint: {} }))
    expect(page.documents).toHaveLength(3)
    expect(await counter('cnt.t', 'TotalSelect')).toBe(3)
    expect(await counter('cnt.t', 'TotalInsert')).toBe(10)
  })

  it('starts a collection created again under a dropped name from zero', async () => {
    await ok(c.command('drop collection', { Name: 'cnt.t' }, { flags: 0 }))
    await ok(c.command('create collection', { Name: 'cnt.t' }, { flags: 0 }))
    await ok(c.request({ kind: 'insert', name: 'cnt.t', flags: 0, documents: [{ k: new Int32(1) }] }))
    expect(await counter('cnt.t', 'TotalInsert')).toBe(1)
    expect(await counter('cnt.t', 'TotalSelect')).toBe(0)
    await ok(c.command('drop collectionspace', { Name: 'cnt' }, { flags: 0 }))
    await ok(c.command('create collectionspace', { Name: 'cnt' }, { flags: 0 }))
    await ok(c.command('create collection', { Name: 'cnt.t' }, { flags: 0 }))
    expect(await counter('cnt.t', 'TotalInsert')).toBe(0)
    await ok(c.command('drop collectionspace', { Name: 'cnt' }, { flags: 0 }))
  })
})

describe('explain', () => {
  it('reports IndexCover as _optIxScanNode::_evalIndexCover decides, and the CPU time of the run', async () => {
    await ok(c.command('create collectionspace', { Name: 'ex' }, { flags: 0 }))
    await ok(c.command('create collection', { Name: 'ex.t' }, { flags: 0 }))
    await ok(c.request({ kind: 'insert', name: 'ex.t', flags: 0, documents: Array.from({ length: 50 }, (_, k) => ({ _id: new Int32(k), a: new Int32(k % 5), x: new Int32(k) })) }))
    await ok(c.command('create index', { Collection: 'ex.t', Index: { name: 'ia', key: { a: new Int32(1) } } }, { flags: 0 }))
    const explain = async (condition: Record<string, unknown>, hint: Record<string, unknown>, orderBy: Record<string, unknown> = {}): Promise<Record<string, unknown>> => {
      const r = await ok(c.request({ kind: 'query', name: 'ex.t', flags: 0x80200 | 0x400, numToSkip: 0, numToReturn: -1, condition: condition as never, selector: {}, orderBy: orderBy as never, hint: { Hint: hint } as never }))
      return r.documents[0]!
    }
    // $id is NotArray: a range on _id ordered by _id is answered by the index alone.
    expect(await explain({ _id: { $gt: new Int32(10) } }, { '': '$id' }, { _id: new Int32(1) })).toMatchObject({ ScanType: 'ixscan', IndexName: '$id', IndexCover: true })
    expect(await explain({}, { '': '$id' })).toMatchObject({ IndexName: '$id', IndexCover: true })
    // A condition field or an order field outside the key, or an index that allows arrays: no cover.
    expect(await explain({ _id: { $gt: new Int32(10) }, x: new Int32(20) }, { '': '$id' })).toMatchObject({ IndexName: '$id', IndexCover: false })
    expect(await explain({ _id: { $gt: new Int32(10) } }, { '': '$id' }, { x: new Int32(1) })).toMatchObject({ IndexCover: false })
    expect(await explain({ a: new Int32(1) }, { '': 'ia' })).toMatchObject({ IndexName: 'ia', IndexCover: false })
    const plan = await explain({ x: { $gte: new Int32(0) } }, {})
    expect(plan).toMatchObject({ ScanType: 'tbscan', IndexCover: false })
    expect(plan['UserCPU']).toBeInstanceOf(Double)
    expect((plan['UserCPU'] as Double).value + (plan['SysCPU'] as Double).value).toBeGreaterThanOrEqual(0)
    await ok(c.command('drop collectionspace', { Name: 'ex' }, { flags: 0 }))
  })
})

describe('$split of a hash-sharded collection', () => {
  it('moves partitions between groups by range and by percent, keeps every record, and lists its tasks', async () => {
    await ok(c.command('create collectionspace', { Name: 'sp' }, { flags: 0 }))
    await ok(c.command('create collection', { Name: 'sp.t', ShardingKey: { age: new Int32(1) }, ShardingType: 'hash', Partition: new Int32(4096), Group: 'group1' }, { flags: 0 }))
    await ok(c.request({ kind: 'insert', name: 'sp.t', flags: 0, documents: Array.from({ length: 500 }, (_, k) => ({ _id: new Int32(k), age: new Int32(k) })) }))
    const cataInfo = async (): Promise<Record<string, unknown>[]> =>
      (await ok(c.command('snapshot catalog', { Name: 'sp.t' }))).documents[0]?.['CataInfo'] as Record<string, unknown>[]
    const count = async (hint: Record<string, unknown> = {}): Promise<number> => {
      const r = await ok(c.command('get count', {}, { hint: { Collection: 'sp.t', ...hint } }))
      return Number((r.documents[0]?.['Total'] as Long).toBigInt())
    }

    await ok(c.command('split', { Name: 'sp.t', Source: 'group1', Target: 'group2', SplitQuery: { age: new Int32(30) }, SplitEndQuery: { age: new Int32(60) } }, { flags: 0 }))
    expect((await cataInfo()).map((p) => [p['GroupName'], p['LowBound'], p['UpBound']])).toEqual([
      ['group1', { '': new Int32(0) }, { '': new Int32(30) }],
      ['group2', { '': new Int32(30) }, { '': new Int32(60) }],
      ['group1', { '': new Int32(60) }, { '': new Int32(4096) }],
    ])
    const async = await ok(c.command('split', { Name: 'sp.t', Source: 'group1', Target: 'group2', SplitPercent: 50, Async: true }, { flags: 0 }))
    const taskId = async.documents[0]?.['TaskID'] as Long
    expect(taskId.toBigInt()).toBe(2n)
    expect(await count()).toBe(500)
    const details = (await ok(c.command('snapshot collections', { Name: 'sp.t' }))).documents[0]?.['Details'] as { GroupName: string; Group: Record<string, Long>[] }[]
    const perGroup = Object.fromEntries(details.map((d) => [d.GroupName, Number(d.Group[0]!['TotalRecords']!.toBigInt())]))
    expect(perGroup['group1']! + perGroup['group2']!).toBe(500)
    expect(perGroup['group2']).toBeGreaterThan(200)
    // Every record sits where the catalog now places it: a read of each record by _id finds it.
    for (const k of [0, 100, 250, 499]) {
      const r = await ok(c.request({ kind: 'query', name: 'sp.t', flags: 0x80200, numToSkip: 0, numToReturn: -1, condition: { age: new Int32(k) }, selector: {}, orderBy: {}, hint: {} }))
      expect(r.documents, String(k)).toHaveLength(1)
    }
    const tasks = await ok(c.command('list tasks', {}))
    expect(tasks.documents.map((t) => [t['TaskID'], t['Status'], t['Source'], t['Target']])).toEqual([
      [Long.fromNumber(1), new Int32(9), 'group1', 'group2'],
      [Long.fromNumber(2), new Int32(9), 'group1', 'group2'],
    ])
    await ok(c.command('wait task', { TaskID: { $in: [taskId] } }, { flags: 0 }))
    await ok(c.command('cancel task', { TaskID: taskId, Async: false }, { flags: 0 }))
    expect((await c.command('cancel task', { TaskID: Long.fromNumber(99) }, { flags: 0 })).flags).toBe(-173)
    // The real server's refusals.
    expect((await c.command('split', { Name: 'sp.t', Source: 'group1', Target: 'group2', SplitQuery: { age: new Int32(40) } }, { flags: 0 })).flags).toBe(-176)
    expect((await c.command('split', { Name: 'sp.t', Source: 'group1', Target: 'group1', SplitPercent: 10 }, { flags: 0 })).flags).toBe(-6)
    await ok(c.command('create collection', { Name: 'sp.plain', Group: 'group1' }, { flags: 0 }))
    expect((await c.command('split', { Name: 'sp.plain', Source: 'group1', Target: 'group2', SplitPercent: 10 }, { flags: 0 })).flags).toBe(-169)
    await ok(c.command('drop collectionspace', { Name: 'sp' }, { flags: 0 }))
  })
})

describe('stored procedures', () => {
  it('stores, lists and removes them as catCatalogManager does (their code is never run)', async () => {
    const create = (code: string): Promise<SdbReply> => c.command('create procedure', { func: new Code(code), funcType: new Int32(0) }, { flags: 0 })
    await ok(create('function sum(x,y){return x+y;}'))
    expect((await create('function sum(a){return a;}')).flags).toBe(-342)
    expect((await c.command('create procedure', { func: 'function f(){}', funcType: new Int32(0) }, { flags: 0 })).flags).toBe(-6)
    const listed = await ok(c.command('list procedures', { name: 'sum' }))
    expect(listed.documents).toEqual([{ _id: expect.any(ObjectId) as unknown, name: 'sum', func: new Code('function sum(x,y){return x+y;}'), funcType: new Int32(0) }])
    await ok(c.command('remove procedure', { func: 'sum' }, { flags: 0 }))
    expect((await c.command('remove procedure', { func: 'sum' }, { flags: 0 })).flags).toBe(-233)
    expect((await ok(c.command('list procedures', { name: 'sum' }))).documents).toEqual([])
  })
})
