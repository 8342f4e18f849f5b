import { connect } from 'node:net'
import { Int32, Long, type BsonDocument } from '@canopy/sdb-client/bson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorInternals } from '../src/server/emulator.js'
import { RawClient } from './raw-client.js'

let emu: EmulatorInternals
let c: RawClient

beforeAll(async () => {
  emu = await startEmulator({ port: 0, groups: 1, replicas: 3 })
  c = await RawClient.connect(emu.coordAddress)
  await c.sysInfo()
  await c.command('create collectionspace', { Name: 'ha' }, { flags: 0 })
  await c.command('create collection', { Name: 'ha.t', ReplSize: new Int32(1) }, { flags: 0 })
})
afterAll(async () => {
  c.close()
  await emu.close()
})

async function group(): Promise<BsonDocument> {
  const r = await c.command('list groups', { GroupName: 'group1' })
  return r.documents[0]!
}

function nodeOf(g: BsonDocument, nodeId: number): { host: string; port: string } {
  const n = (g.Group as BsonDocument[]).find((x) => Number(x.NodeID) === nodeId)!
  const svc = (n.Service as BsonDocument[]).find((s) => Number(s.Type) === 0)!
  return { host: n.HostName as string, port: svc.Name as string }
}

async function insert(n: number): Promise<number> {
  const r = await c.request({ kind: 'insert', flags: 2, name: 'ha.t', documents: Array.from({ length: n }, (_, i) => ({ i })) })
  return r.flags
}

async function waitFor<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await what()
    if (ok(v) || Date.now() > deadline) return v
    await new Promise((r) => setTimeout(r, 50))
  }
}

function canConnect(port: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port: Number(port) })
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

async function health(): Promise<BsonDocument[]> {
  const first = await c.command('snapshot health')
  const docs = [...first.documents]
  let ctx = first.contextId
  while (ctx !== -1n) {
    const more = await c.request({ kind: 'getMore', contextId: ctx, numToReturn: -1 })
    docs.push(...more.documents)
    ctx = more.contextId
  }
  return docs
}

describe('a replica group of three nodes', () => {
  it('replicates writes to every running secondary', async () => {
    expect(await insert(100)).toBe(0)
    const docs = await waitFor(
      health,
      (d) => d.filter((x) => (x.NodeID as Int32[])[0]!.valueOf() === 1000).every((x) => (x.DiffLSNWithPrimary as Long).toNumber() === 0),
      2000,
    )
    const data = docs.filter((d) => (d.NodeID as Int32[])[0]!.valueOf() === 1000)
    expect(data).toHaveLength(3)
    const lsns = new Set(data.map((d) => (((d.CurrentLSN as BsonDocument).Offset) as Long).toString()))
    expect(lsns.size).toBe(1)
    expect(data.every((d) => (d.DiffLSNWithPrimary as Long).toNumber() === 0)).toBe(true)
  })

  it('serves a client connected straight to a data node from that node only', async () => {
    const g = await group()
    const secondaryId = (g.Group as BsonDocument[]).map((n) => Number(n.NodeID)).find((id) => id !== Number(g.PrimaryNode))!
    const s = await RawClient.connect(`127.0.0.1:${nodeOf(g, secondaryId).port}`)
    await s.sysInfo()
    const w = await s.request({ kind: 'insert', flags: 2, name: 'ha.t', documents: [{ i: -1 }] })
    expect(w.flags).toBe(-104)
    const count = await s.command('get count', {}, { hint: { Collection: 'ha.t' } })
    expect(count.documents).toEqual([{ Total: Long.fromNumber(100) }])
    s.close()
  })

  it('lets a coordinator snapshot select nodes by name, and reports a stopped one as unreachable', async () => {
    const g = await group()
    const primary = nodeOf(g, Number(g.PrimaryNode))
    const one = await c.command('snapshot health', { NodeName: `${primary.host}:${primary.port}` })
    expect(one.documents).toHaveLength(1)
    expect(one.documents[0]).toMatchObject({ NodeName: `${primary.host}:${primary.port}`, IsPrimary: true })
    const db = await c.command('snapshot database', { GroupName: 'group1' })
    expect(db.flags).toBe(0)
  })

  it('elects a new primary within a second when the primary stops, and its port closes', async () => {
    const before = await group()
    const oldPrimary = Number(before.PrimaryNode)
    const addr = nodeOf(before, oldPrimary)
    const session = await RawClient.connect(`127.0.0.1:${addr.port}`)
    await session.sysInfo()
    const started = Date.now()
    expect((await c.command('shutdown node', { HostName: addr.host, svcname: addr.port }, { flags: 0 })).flags).toBe(0)
    expect(await session.nextFrame()).toBeUndefined()
    expect(await canConnect(addr.port)).toBe(false)
    const after = await waitFor(group, (g) => g.PrimaryNode !== undefined && Number(g.PrimaryNode) !== oldPrimary, 2000)
    expect(Date.now() - started).toBeLessThan(1500)
    expect(Number(after.PrimaryNode)).not.toBe(oldPrimary)
    expect(await insert(10)).toBe(0)
  })

  it('has no primary without a majority: writes fail, reads are still served', async () => {
    const g = await group()
    const primary = nodeOf(g, Number(g.PrimaryNode))
    await c.command('shutdown node', { HostName: primary.host, svcname: primary.port }, { flags: 0 })
    const none = await waitFor(group, (x) => x.PrimaryNode === undefined, 1500)
    expect(none.PrimaryNode).toBeUndefined()
    expect(await insert(1)).toBe(-104)
    const count = await c.command('get count', {}, { hint: { Collection: 'ha.t' } })
    expect(count.documents).toEqual([{ Total: Long.fromNumber(110) }])
  })

  it('elects again when a node restarts, and the restarted node catches up', async () => {
    const g = await group()
    const stopped = (g.Group as BsonDocument[]).map((n) => Number(n.NodeID))
    const states = emu.nodes.filter((n) => n.groupName === 'group1')
    const down = states.filter((n) => !n.running).map((n) => n.nodeId)
    expect(down).toHaveLength(2)
    expect(stopped).toEqual(expect.arrayContaining(down))
    const first = nodeOf(g, down[0]!)
    expect((await c.command('startup node', { HostName: first.host, svcname: first.port }, { flags: 0 })).flags).toBe(0)
    const elected = await waitFor(group, (x) => x.PrimaryNode !== undefined, 1500)
    expect(elected.PrimaryNode).toBeDefined()
    expect(await insert(5)).toBe(0)
    const second = nodeOf(g, down[1]!)
    await c.command('startup node', { HostName: second.host, svcname: second.port }, { flags: 0 })
    const caughtUp = await waitFor(
      health,
      (docs) => docs.filter((d) => (d.NodeID as Int32[])[0]!.valueOf() === 1000).every((d) => (d.DiffLSNWithPrimary as Long).toNumber() === 0),
      3000,
    )
    const lsns = new Set(caughtUp.filter((d) => (d.NodeID as Int32[])[0]!.valueOf() === 1000).map((d) => (((d.CurrentLSN as BsonDocument).Offset) as Long).toString()))
    expect(lsns.size).toBe(1)
  })

  it('refuses a write that cannot reach ReplSize nodes', async () => {
    await c.command('create collection', { Name: 'ha.all', ReplSize: new Int32(0) }, { flags: 0 })
    const g = await group()
    const secondary = (g.Group as BsonDocument[]).map((n) => Number(n.NodeID)).find((id) => id !== Number(g.PrimaryNode))!
    const addr = nodeOf(g, secondary)
    await c.command('shutdown node', { HostName: addr.host, svcname: addr.port }, { flags: 0 })
    const r = await c.request({ kind: 'insert', flags: 2, name: 'ha.all', documents: [{ x: 1 }] })
    expect(r.flags).toBe(-105)
    await c.command('startup node', { HostName: addr.host, svcname: addr.port }, { flags: 0 })
  })

  it('refuses a second catalog group as the real coord does (-200), after checking the node fields (-6)', async () => {
    const cata = await c.command('create catalog group', { HostName: '127.0.0.1', svcname: '30000', dbpath: '/opt/sdb/cata' }, { flags: 0 })
    expect(cata.flags).toBe(-200)
    const missing = await c.command('create catalog group', { HostName: '127.0.0.1', svcname: '30000' }, { flags: 0 })
    expect(missing.flags).toBe(-6)
    // A plain `$create group` of an existing name is the catalog's "group exists".
    expect((await c.command('create group', { GroupName: 'SYSCatalogGroup' }, { flags: 0 })).flags).toBe(-153)
  })

  it('frees a running group\'s ports on remove, so the same node can be created again', async () => {
    const port = emu.nodes.reduce((m, n) => Math.max(m, n.port), 0) + 200
    const node = { GroupName: 'again', HostName: '127.0.0.1', svcname: String(port), dbpath: '/tmp/again' }
    for (let round = 0; round < 2; round++) {
      expect((await c.command('create group', { GroupName: 'again' }, { flags: 0 })).flags).toBe(0)
      expect((await c.command('create node', node, { flags: 0 })).flags).toBe(0)
      expect((await c.command('active group', { GroupName: 'again' }, { flags: 0 })).flags).toBe(0)
      expect(await canConnect(String(port))).toBe(true)
      // Removed while running, as the C driver's sdbRemoveReplicaGroup does.
      expect((await c.command('remove group', { GroupName: 'again' }, { flags: 0 })).flags).toBe(0)
      expect(await canConnect(String(port))).toBe(false)
    }
  })

  it('creates a group with a node, activates it, stops it and removes it', async () => {
    const created = await c.command('create group', { GroupName: 'extra' }, { flags: 0 })
    expect(created.documents[0]).toMatchObject({ GroupName: 'extra', Status: new Int32(0), Group: [] })
    const port = emu.nodes.reduce((m, n) => Math.max(m, n.port), 0) + 100
    const node = await c.command('create node', { GroupName: 'extra', HostName: '127.0.0.1', svcname: String(port), dbpath: '/tmp/extra' }, { flags: 0 })
    expect(node.documents[0]).toMatchObject({ HostName: '127.0.0.1', NodeID: expect.any(Int32) })
    expect((await c.command('active group', { GroupName: 'extra' }, { flags: 0 })).flags).toBe(0)
    expect(await canConnect(String(port))).toBe(true)
    expect((await c.command('shutdown group', { GroupName: 'extra' }, { flags: 0 })).flags).toBe(0)
    expect(await canConnect(String(port))).toBe(false)
    expect((await c.command('remove group', { GroupName: 'extra' }, { flags: 0 })).flags).toBe(0)
    expect((await c.command('list groups', { GroupName: 'extra' })).documents).toEqual([])
  })
})
