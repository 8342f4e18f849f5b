// The flow of the Python guide (shared/SEED.md), as the README shows it, run against a
// scripted coordinator: each step sends the command the guide's call sends.
import { serialize } from 'bson'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Client, Int32, ObjectId, SdbServerError } from '../src/index.js'
import { startScriptedServer, sysInfoReply, v2Reply, type ReceivedMessage, type ScriptAnswer, type ScriptedServer } from './support/scripted-server.js'

const stored: Uint8Array[] = []
const group = serialize({
  GroupName: 'group1', GroupID: new Int32(1000), Role: new Int32(0), Status: new Int32(1), PrimaryNode: new Int32(1001),
  Group: [
    { HostName: 'sdbserver1', dbpath: '/opt/sequoiadb/database/data/11830', NodeID: new Int32(1000), Service: [{ Type: new Int32(0), Name: '11830' }] },
    { HostName: 'sdbserver2', dbpath: '/opt/sequoiadb/database/data/11830', NodeID: new Int32(1001), Service: [{ Type: new Int32(0), Name: '11830' }] },
  ],
})

function commandOf(m: ReceivedMessage): string {
  return m.bytes.toString('latin1', 88, m.bytes.indexOf(0, 88))
}

function coordinator(m: ReceivedMessage): ScriptAnswer {
  if (m.opCode === -1) return { kind: 'reply', bytes: sysInfoReply({ authVersion: 0 }) }
  if (m.opCode === 2008) return { kind: 'none' }
  if (m.opCode === 2002) {
    // Keep the inserted record (it starts after the name) to serve the query.
    const nameEnd = m.bytes.indexOf(0, 72)
    const at = (nameEnd + 1 + 3) & ~3
    stored.push(m.bytes.subarray(at, at + m.bytes.readInt32LE(at)))
    return { kind: 'reply', bytes: v2Reply(m, { documents: [serialize({ InsertedNum: 1n, DuplicatedNum: 0n, ModifiedNum: 0n })] }) }
  }
  if (m.opCode === 2004 && commandOf(m) === '$list groups') return { kind: 'reply', bytes: v2Reply(m, { documents: [group] }) }
  if (m.opCode === 2004 && commandOf(m) === 'foo.bar') return { kind: 'reply', bytes: v2Reply(m, { documents: stored }) }
  return { kind: 'reply', bytes: v2Reply(m, {}) }
}

let server: ScriptedServer
beforeAll(async () => { server = await startScriptedServer(coordinator) })
afterAll(async () => { await server.close() })

it('runs the guide: connect, foo/bar, insert, query to the end, index, update, cluster, nodes', async () => {
  const db = await Client.connect({ hosts: [server.address], user: '', password: '' })
  try {
    const cs = await db.createCollectionSpace('foo', { pageSize: 16384 })
    const cl = await cs.createCollection('bar')
    const { id } = await cl.insert({ name: 'Tom', age: 24 })
    expect(id).toBeInstanceOf(ObjectId)

    const cursor = cl.query()
    const seen: unknown[] = []
    for (let rec = await cursor.next(); rec !== undefined; rec = await cursor.next()) seen.push(rec)
    expect(seen).toEqual([{ _id: id, name: 'Tom', age: new Int32(24) }])

    await cl.createIndex('index_name', { name: 1, age: -1 }, { unique: false, enforced: false })
    await cl.update({ $set: { age: 19 } })

    await db.createCatalogReplicaGroup('sdbserver1', 11800, '/opt/sequoiadb/database/cata/11800')
    const rg = await db.createReplicaGroup('group1')
    const node = await rg.createNode('sdbserver1', 11830, '/opt/sequoiadb/database/data/11830', { diaglevel: 3 })
    await rg.start()
    const master = await rg.getMaster()
    const slave = await rg.getSlave()
    expect(master.nodeName).toBe('sdbserver2:11830')
    expect(slave.nodeName).toBe('sdbserver1:11830')
    await node.stop()
    await node.start()
  } catch (error) {
    if (error instanceof SdbServerError) throw new Error(`${error.code} ${error.name} ${error.description} ${error.detail}`, { cause: error })
    throw error
  } finally {
    await db.close()
  }
  const commands = server.received.filter((m) => m.opCode === 2004).map(commandOf)
  expect(commands).toEqual([
    '$create collectionspace', '$create collection', 'foo.bar', '$create index',
    '$create catalog group', '$create group', '$create node', '$active group',
    '$list groups', '$list groups', '$shutdown node', '$startup node',
  ])
  expect(server.received.map((m) => m.opCode)).toContain(2001)
})
