import { Int32, type BsonDocument } from '@canopy/sdb-client/bson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorInternals } from '../src/server/emulator.js'
import { RawClient } from './raw-client.js'

// `$snapshot database` on a coordinator over TCP: the aggregate, and the raw per-node records a
// console asks for with `RawData: true` (`coordCommandCommon.cpp`, `_coordCMDMonBase::execute`).

let emu: EmulatorInternals
let c: RawClient

beforeAll(async () => {
  emu = await startEmulator({ port: 0, groups: 2, replicas: 2 })
  c = await RawClient.connect(emu.coordAddress)
  await c.sysInfo()
  await c.command('create collectionspace', { Name: 'mon' }, { flags: 0 })
  await c.command('create collection', { Name: 'mon.g1', Group: 'group1', ReplSize: new Int32(1) }, { flags: 0 })
  const r = await c.request({ kind: 'insert', flags: 0, name: 'mon.g1', documents: Array.from({ length: 25 }, (_, i) => ({ i })) })
  expect(r.flags).toBe(0)
})
afterAll(async () => {
  c.close()
  await emu.close()
})

/** Every record of a `$snapshot database` command, following getMore until the end. */
async function snapshot(condition: Record<string, unknown> = {}, extra: Partial<{ selector: object; hint: object }> = {}): Promise<{ flags: number; docs: BsonDocument[] }> {
  const first = await c.command('snapshot database', condition, extra)
  const docs = [...first.documents]
  let ctx = first.contextId
  while (first.flags === 0 && ctx !== -1n) {
    const more = await c.request({ kind: 'getMore', contextId: ctx, numToReturn: -1 })
    if (more.flags !== 0) break
    docs.push(...more.documents)
    ctx = more.contextId
  }
  return { flags: first.flags, docs }
}

const primaryOf = (group: string): string => {
  const g = emu.cluster.allNodes().find((n) => n.group.name === group)!.group
  const p = g.nodes.find((n) => n.nodeId === g.primaryNodeId)!
  return `${p.hostName}:${String(p.port)}`
}

describe('$snapshot database on a coordinator', () => {
  it('aggregates data and coordinator nodes into one record', async () => {
    const { flags, docs } = await snapshot()
    expect(flags).toBe(0)
    expect(docs).toHaveLength(1)
    expect(docs[0]!.NodeName).toBeUndefined()
    expect(Number(docs[0]!.TotalInsert)).toBe(25)
    expect(docs[0]!.ErrNodes).toEqual([])
  })

  it('with RawData returns one record per data and coordinator node, the catalog excluded', async () => {
    const { flags, docs } = await snapshot({ RawData: true })
    expect(flags).toBe(0)
    const groups = docs.map((d) => d.GroupName).sort()
    expect(groups).toEqual(['SYSCoord', 'group1', 'group1', 'group2', 'group2'])
    for (const d of docs) expect(typeof d.NodeName).toBe('string')
    const byNode = new Map(docs.map((d) => [d.NodeName as string, d]))
    expect(Number(byNode.get(primaryOf('group1'))!.TotalInsert)).toBe(25)
    expect(Number(byNode.get(primaryOf('group2'))!.TotalInsert)).toBe(0)
    expect(byNode.get(emu.coordAddress)!.Role).toBe('coord')
  })

  it('accepts RawData as 1 or {$et: true} in any letter case, and refuses other values with -6', async () => {
    expect((await snapshot({ rawdata: 1 })).docs).toHaveLength(5)
    expect((await snapshot({ RawData: { $et: true } })).docs).toHaveLength(5)
    expect((await snapshot({ RawData: false })).docs).toHaveLength(1)
    expect((await snapshot({ RawData: 'yes' })).flags).toBe(-6)
  })

  it('selects nodes with GroupName and filters the raw records with the rest of the condition', async () => {
    const g1 = await snapshot({ RawData: true, GroupName: 'group1' })
    expect(g1.docs.map((d) => d.GroupName)).toEqual(['group1', 'group1'])
    const busy = await snapshot({ RawData: true, TotalInsert: { $gt: 0 } })
    expect(busy.docs.map((d) => d.NodeName)).toEqual([primaryOf('group1')])
  })

  it('answers the C++ driver Node.getStatus form: HostName + ServiceName + RawData, selector {Status: 1}', async () => {
    const [host, port] = primaryOf('group2').split(':')
    const { flags, docs } = await snapshot({ HostName: host, ServiceName: port, RawData: true }, { selector: { Status: 1 } })
    expect(flags).toBe(0)
    expect(docs).toEqual([{ Status: 'Normal' }])
  })

  it('reports a stopped node in a trailing ErrNodes record (or not, with ShowError ignore)', async () => {
    const g2 = emu.cluster.allNodes().find((n) => n.group.name === 'group2')!.group
    const secondary = g2.nodes.find((n) => n.nodeId !== g2.primaryNodeId)!
    const name = `${secondary.hostName}:${String(secondary.port)}`
    expect((await c.command('shutdown node', { HostName: secondary.hostName, svcname: String(secondary.port) }, { flags: 0 })).flags).toBe(0)
    try {
      const raw = await snapshot({ RawData: true })
      expect(raw.docs).toHaveLength(5)
      expect(raw.docs.slice(0, 4).map((d) => d.NodeName)).not.toContain(name)
      const last = raw.docs[4]!
      expect(Object.keys(last)).toEqual(['ErrNodes'])
      expect(last.ErrNodes).toEqual([expect.objectContaining({ NodeName: name, GroupName: 'group2', Flag: new Int32(-79) })])
      const ignored = await snapshot({ RawData: true }, { hint: { $Options: { ShowError: 'ignore' } } })
      expect(ignored.docs).toHaveLength(4)
      const flat = await snapshot({ RawData: true }, { hint: { $Options: { ShowErrorMode: 'flat' } } })
      expect(flat.docs[4]).toEqual(expect.objectContaining({ NodeName: name, Flag: new Int32(-79) }))
      const only = await snapshot({}, { hint: { $Options: { ShowError: 'only' } } })
      expect(only.docs).toEqual([{ ErrNodes: [expect.objectContaining({ NodeName: name })] }])
      const agg = await snapshot()
      expect((agg.docs[0]!.ErrNodes as BsonDocument[]).map((e) => e.NodeName)).toEqual([name])
    } finally {
      await c.command('startup node', { HostName: secondary.hostName, svcname: String(secondary.port) }, { flags: 0 })
    }
  })

  it('starts a restarted node counters from zero, with a new ActivateTimestamp, as a real node process', async () => {
    const name = primaryOf('group1')
    const before = (await snapshot({ RawData: true, NodeName: name })).docs[0]!
    expect(Number(before.TotalInsert)).toBe(25)
    const [host, port] = name.split(':') as [string, string]
    expect((await c.command('shutdown node', { HostName: host, svcname: port }, { flags: 0 })).flags).toBe(0)
    await new Promise((r) => setTimeout(r, 20))
    expect((await c.command('startup node', { HostName: host, svcname: port }, { flags: 0 })).flags).toBe(0)
    const after = (await snapshot({ RawData: true, NodeName: name })).docs[0]!
    expect(Number(after.TotalInsert)).toBe(0)
    expect(after.ActivateTimestamp).not.toBe(before.ActivateTimestamp)
    // The aggregate no longer counts what the old process did.
    expect(Number((await snapshot()).docs[0]!.TotalInsert)).toBe(0)
  })
})
