// Master and slave resolution from the group document, with the official drivers' error codes
// (contract §10.8).
import { serialize } from 'bson'
import { afterEach, describe, expect, it } from 'vitest'
import { Client, Int32, SdbServerError } from '../src/index.js'
import { startScriptedServer, sysInfoReply, v2Reply, type ScriptedServer } from './support/scripted-server.js'

let server: ScriptedServer | undefined
let client: Client | undefined

afterEach(async () => {
  await client?.close()
  await server?.close()
  client = undefined
  server = undefined
})

function node(id: number, port: number) {
  return { HostName: `h${id}`, dbpath: `/data/${port}`, NodeID: new Int32(id), Status: new Int32(1), Service: [{ Type: new Int32(0), Name: String(port) }, { Type: new Int32(1), Name: String(port + 1) }] }
}

async function withGroups(groups: Record<string, unknown>[]): Promise<Client> {
  server = await startScriptedServer((m) => {
    if (m.opCode === -1) return { kind: 'reply', bytes: sysInfoReply({ authVersion: 0 }) }
    if (m.opCode === 2008) return { kind: 'none' }
    if (m.opCode === 2004 && m.bytes.toString('latin1', 88, 100) === '$list groups') {
      return { kind: 'reply', bytes: v2Reply(m, { documents: groups.map((g) => serialize(g)) }) }
    }
    return { kind: 'reply', bytes: v2Reply(m, {}) }
  })
  client = await Client.connect({ hosts: [server.address] })
  return client
}

const group = (extra: Record<string, unknown>) => ({ GroupName: 'g1', GroupID: new Int32(1000), Role: new Int32(0), Status: new Int32(1), ...extra })

async function codeOf(promise: Promise<unknown>): Promise<number | undefined> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e)
  return error instanceof SdbServerError ? error.code : undefined
}

describe('ReplicaGroup', () => {
  it('finds the master as the Group element whose NodeID is PrimaryNode', async () => {
    const db = await withGroups([group({ PrimaryNode: new Int32(1001), Group: [node(1000, 11820), node(1001, 11830), node(1002, 11840)] })])
    const rg = await db.getReplicaGroup('g1')
    expect(rg.groupId).toBe(1000)
    const master = await rg.getMaster()
    expect(master).toMatchObject({ hostName: 'h1001', port: 11830, nodeId: 1001, groupName: 'g1', nodeName: 'h1001:11830' })
  })

  it('picks a slave that is not the primary, honouring positions', async () => {
    const db = await withGroups([group({ PrimaryNode: new Int32(1001), Group: [node(1000, 11820), node(1001, 11830), node(1002, 11840)] })])
    const rg = await db.getReplicaGroup('g1')
    for (let i = 0; i < 20; i++) expect((await rg.getSlave()).nodeId).not.toBe(1001)
    expect((await rg.getSlave([3])).nodeId).toBe(1002)
    // Only the primary's position allowed: the primary it is.
    expect((await rg.getSlave([2])).nodeId).toBe(1001)
  })

  it('returns the only node of a one-node group as its slave', async () => {
    const db = await withGroups([group({ PrimaryNode: new Int32(1000), Group: [node(1000, 11820)] })])
    expect((await (await db.getReplicaGroup('g1')).getSlave()).nodeId).toBe(1000)
  })

  it('uses the official error codes: -154 missing group, -158 empty, -71 no primary, -155 unknown node', async () => {
    const db = await withGroups([])
    expect(await codeOf(db.getReplicaGroup('nope'))).toBe(-154)
    await client?.close()
    await server?.close()
    const db2 = await withGroups([group({ Group: [] })])
    const empty = await db2.getReplicaGroup('g1')
    expect(await codeOf(empty.getMaster())).toBe(-158)
    expect(await codeOf(empty.getSlave())).toBe(-158)
    await client?.close()
    await server?.close()
    const db3 = await withGroups([group({ PrimaryNode: new Int32(-1), Group: [node(1000, 11820), node(1001, 11830)] })])
    const noPrimary = await db3.getReplicaGroup('g1')
    expect(await codeOf(noPrimary.getMaster())).toBe(-71)
    expect(await codeOf(noPrimary.getNode('h9', 1))).toBe(-155)
    expect((await noPrimary.getNode('h1001', 11830)).nodeId).toBe(1001)
  })

  it('rejects a group document whose NodeID is not an int32 (-10), as the C driver does', async () => {
    const db = await withGroups([group({ PrimaryNode: new Int32(1000), Group: [{ ...node(1000, 11820), NodeID: '1000' }] })])
    expect(await codeOf((await db.getReplicaGroup('g1')).getMaster())).toBe(-10)
  })

  it('stops and starts a node with its host and service name', async () => {
    const db = await withGroups([group({ PrimaryNode: new Int32(1000), Group: [node(1000, 11820)] })])
    const master = await (await db.getReplicaGroup('g1')).getMaster()
    await master.stop()
    await master.start()
    const sent = server!.received.filter((m) => m.opCode === 2004).map((m) => m.bytes.toString('latin1', 88, m.bytes.indexOf(0, 88)))
    expect(sent.slice(-2)).toEqual(['$shutdown node', '$startup node'])
  })
})
