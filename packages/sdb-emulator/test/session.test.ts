import { Int32, Long } from '@canopy/sdb-client/bson'
import { HeaderVersion } from '@canopy/sdb-client/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorInternals } from '../src/server/emulator.js'
import { RawClient } from './raw-client.js'

let emu: EmulatorInternals

beforeAll(async () => {
  emu = await startEmulator({ port: 0, groups: 2, replicas: 1 })
})
afterAll(async () => {
  await emu.close()
})

async function client(version: HeaderVersion = HeaderVersion.V2): Promise<RawClient> {
  const c = await RawClient.connect(emu.coordAddress, version)
  await c.sysInfo()
  return c
}

const query = (name: string, flags: number, extra: Partial<{ condition: object; numToReturn: number }> = {}) => ({
  kind: 'query' as const,
  name,
  flags,
  numToSkip: 0,
  numToReturn: extra.numToReturn ?? -1,
  condition: (extra.condition ?? {}) as never,
  selector: {},
  orderBy: {},
  hint: {},
})

describe('a session on the coordinator', () => {
  it('answers the sys-info probe as a v6 server, in either eye-catcher byte order', async () => {
    const c = await RawClient.connect(emu.coordAddress)
    const info = await c.sysInfo()
    expect(info).toMatchObject({ osType: 3, authVersion: 1, version: 6, subVersion: 0, fixVersion: 0, fingerprintValid: true })
    const big = Buffer.from('fffffffffffefdfc0000000c', 'hex')
    c.write(big)
    const reply = await c.nextFrame()
    expect(reply?.length).toBe(128)
    c.close()
  })

  it('creates, fills and reads a collection with both cursor styles', async () => {
    const c = await client()
    expect((await c.command('create collectionspace', { Name: 'it_cs' }, { flags: 0 })).flags).toBe(0)
    expect((await c.command('create collection', { Name: 'it_cs.docs' }, { flags: 0 })).flags).toBe(0)
    const docs = Array.from({ length: 2500 }, (_, i) => ({ n: i }))
    const ins = await c.request({ kind: 'insert', flags: 2, name: 'it_cs.docs', documents: docs })
    expect(ins.documents[0]).toEqual({ InsertedNum: Long.fromNumber(2500), DuplicatedNum: Long.fromNumber(0), ModifiedNum: Long.fromNumber(0) })

    // WITH_RETURNDATA | CLOSE_EOF_CTX: the first batch rides in the reply, the last one closes.
    const first = await c.request(query('it_cs.docs', 0x84200))
    expect(first.contextId).not.toBe(-1n)
    let seen = first.documents.length
    let ctx = first.contextId
    while (ctx !== -1n) {
      const more = await c.request({ kind: 'getMore', contextId: ctx, numToReturn: -1 })
      expect(more.flags).toBe(0)
      seen += more.documents.length
      ctx = more.contextId
    }
    expect(seen).toBe(2500)

    // Plain query + getMore until -29 (the legacy style).
    const plain = await c.request(query('it_cs.docs', 0, { condition: { n: { $lt: 3 } } }))
    expect(plain.documents).toHaveLength(0)
    const batch = await c.request({ kind: 'getMore', contextId: plain.contextId, numToReturn: -1 })
    expect(batch.documents.map((d) => Number(d.n))).toEqual([0, 1, 2])
    const eof = await c.request({ kind: 'getMore', contextId: plain.contextId, numToReturn: -1 })
    expect(eof.flags).toBe(-29)
    expect(eof.contextId).toBe(-1n)
    expect(eof.documents[0]).toEqual({ errno: new Int32(-29), description: 'End of collection', detail: '' })
    const gone = await c.request({ kind: 'getMore', contextId: plain.contextId, numToReturn: -1 })
    expect(gone.flags).toBe(-36)
    c.close()
  })

  it('kills contexts on request and answers $get count with an int64 Total', async () => {
    const c = await client()
    const open = await c.request(query('it_cs.docs', 0))
    expect((await c.request({ kind: 'killContexts', contextIds: [open.contextId, 424242n] })).flags).toBe(0)
    expect((await c.request({ kind: 'getMore', contextId: open.contextId, numToReturn: -1 })).flags).toBe(-36)
    const count = await c.command('get count', { n: { $gte: 2000 } }, { hint: { Collection: 'it_cs.docs' } })
    expect(count.documents).toEqual([{ Total: Long.fromNumber(500) }])
    c.close()
  })

  it('serves a legacy V1 client with 48-byte reply headers', async () => {
    const c = await client(HeaderVersion.V1)
    const r = await c.request(query('$list collectionspaces', 0))
    expect(r.flags).toBe(0)
    const more = await c.request({ kind: 'getMore', contextId: r.contextId, numToReturn: -1 })
    expect(more.documents).toContainEqual({ Name: 'it_cs' })
    c.close()
  })

  it('reports errors with the real codes and descriptions', async () => {
    const c = await client()
    const exists = await c.command('create collectionspace', { Name: 'it_cs' }, { flags: 0 })
    expect(exists.flags).toBe(-33)
    expect(exists.documents[0]).toMatchObject({ errno: new Int32(-33), description: 'Collection space already exists' })
    expect((await c.command('no such command')).flags).toBe(-6)
    expect((await c.request({ kind: 'unknown', opCode: 4242, body: new Uint8Array(0) })).flags).toBe(-100)
    expect((await c.request(query('it_cs.missing', 0x200))).flags).toBe(-23)
    c.close()
  })

  it('lists groups with the int32 fields the C driver requires', async () => {
    const c = await client()
    const r = await c.command('list groups', { GroupName: 'group1' })
    expect(r.documents).toHaveLength(1)
    const g = r.documents[0]!
    expect(g.GroupID).toBeInstanceOf(Int32)
    expect(g.PrimaryNode).toBeInstanceOf(Int32)
    const node = (g.Group as Record<string, unknown>[])[0]!
    expect(node.NodeID).toBeInstanceOf(Int32)
    expect((node.Service as Record<string, unknown>[])[0]).toMatchObject({ Type: new Int32(0) })
    c.close()
  })

  it('answers coord-only commands on a data node with -159', async () => {
    const data = emu.nodes.find((n) => n.role === 'data')!
    const c = await RawClient.connect(data.address)
    await c.sysInfo()
    expect((await c.command('list groups')).flags).toBe(-159)
    c.close()
  })

  it('drops a connection that sends an absurd length and keeps serving others', async () => {
    const bad = await client()
    const good = await client()
    const frame = Buffer.alloc(8)
    frame.writeInt32LE(0x7fffffff, 0)
    bad.write(frame)
    expect(await bad.nextFrame()).toBeUndefined()
    expect((await good.command('list collectionspaces')).flags).toBe(0)
    good.close()
  })

  it('closes the session on disconnect and its contexts die with it', async () => {
    const c = await client()
    const open = await c.request(query('it_cs.docs', 0))
    expect(open.contextId).not.toBe(-1n)
    c.write(Buffer.from('38000000' + '00'.repeat(24) + 'd8070000' + '0200' + '0000' + '00'.repeat(20), 'hex'))
    expect(await c.nextFrame()).toBeUndefined()
    const other = await client()
    const list = await other.command('list contexts')
    const mine = list.documents.flatMap((d) => (d.Contexts as Long[]).map((x) => x.toBigInt()))
    expect(mine).not.toContain(open.contextId)
    other.close()
  })

  it('ends another session with $force session', async () => {
    const victim = await client()
    const admin = await client()
    const sessions = await admin.command('snapshot sessions')
    const ids = sessions.documents.map((d) => (d.SessionID as Long).toBigInt())
    expect(ids.length).toBeGreaterThanOrEqual(2)
    const mine = await victim.command('snapshot sessions current')
    const victimId = (mine.documents[0]!.SessionID as Long).toBigInt()
    expect((await admin.command('force session', { SessionID: Long.fromBigInt(victimId) }, { flags: 0 })).flags).toBe(0)
    expect(await victim.nextFrame()).toBeUndefined()
    expect((await admin.command('force session', { SessionID: Long.fromBigInt(victimId) }, { flags: 0 })).flags).toBe(-62)
    admin.close()
  })

  it('lists the collections of a domain', async () => {
    const c = await client()
    expect((await c.command('create domain', { Name: 'dom', Options: { Groups: ['group1'] } }, { flags: 0 })).flags).toBe(0)
    expect((await c.command('create collectionspace', { Name: 'dom_cs', Domain: 'dom' }, { flags: 0 })).flags).toBe(0)
    expect((await c.command('create collection', { Name: 'dom_cs.a' }, { flags: 0 })).flags).toBe(0)
    expect((await c.command('list collectionspaces in domain', { Domain: 'dom' })).documents).toEqual([{ Name: 'dom_cs' }])
    expect((await c.command('list collections in domain', { Domain: 'dom' })).documents).toEqual([{ Name: 'dom_cs.a' }])
    expect((await c.command('list domains', { Name: 'dom' })).documents[0]).toMatchObject({ Name: 'dom' })
    c.close()
  })
})
