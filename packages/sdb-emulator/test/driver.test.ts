import { Client } from '@canopy/sdb-client'
import { Int32, Long, ObjectId } from '@canopy/sdb-client/bson'
import { describe, expect, it } from 'vitest'
import type { EmulatorInternals } from '../src/server/emulator.js'
import { emulatorWithClient, serverCode } from './emulator-client.js'

/** The emulator driven through our own driver (`@canopy/sdb-client`) over TCP. */
const env = emulatorWithClient({ groups: 2, replicas: 1 })
const client = (): Client => env.client()
const emu = (): EmulatorInternals => env.emu()

describe('the emulator through @canopy/sdb-client', () => {
  it('runs data operations, indexes and counts', async () => {
    const cs = await client().createCollectionSpace('drv')
    const cl = await cs.createCollection('people')
    await cl.insert([
      { name: 'Ann', age: 31, tags: ['a'] },
      { name: 'Bob', age: 25 },
      { name: 'Cid', age: 47 },
    ])
    await cl.createIndex('idx_age', { age: 1 })
    expect(await cl.count({ age: { $gt: 30 } })).toBe(2)
    const rows = await cl.query({ condition: { age: { $gte: 25 } }, orderBy: { age: -1 }, selector: { name: '' } }).toArray()
    expect(rows).toEqual([{ name: 'Cid' }, { name: 'Ann' }, { name: 'Bob' }])
    const plan = await cl.explain({ condition: { age: { $gt: 40 } } }).toArray()
    expect(plan[0]).toMatchObject({ ScanType: 'ixscan', IndexName: 'idx_age' })
    await cl.update({ $inc: { age: 1 } }, { condition: { name: 'Bob' } })
    expect((await cl.queryOne({ condition: { name: 'Bob' } }))?.age).toEqual(new Int32(26))
    await cl.delete({ name: 'Ann' })
    expect(await cl.count()).toBe(2)
    const indexes = await cl.listIndexes().toArray()
    expect(indexes.map((i) => (i.IndexDef as Record<string, unknown>).name)).toEqual(expect.arrayContaining(['$id', 'idx_age']))
  })

  it('answers SQL and aggregates', async () => {
    const rows = await client().exec('select name, age from drv.people order by age').toArray()
    expect(rows.map((r) => r.name)).toEqual(['Bob', 'Cid'])
    const agg = await client().collection('drv.people').aggregate([{ $group: { _id: null, total: { $sum: '$age' } } }]).toArray()
    expect(agg).toHaveLength(1)
  })

  it('spreads a hash-sharded AutoSplit collection over every group and gathers it back', async () => {
    const cl = await client().collectionSpace('drv').createCollection('sharded', { shardingKey: { k: 1 }, shardingType: 'hash', autoSplit: true })
    await cl.insert(Array.from({ length: 400 }, (_, k) => ({ k })))
    expect(await cl.count()).toBe(400)
    const perGroup = emu().cluster.dataGroups().map((g) => emu().router.readTarget(g).store.count('drv.sharded'))
    expect(perGroup.every((n) => n > 0)).toBe(true)
    expect(perGroup.reduce((a, b) => a + b, 0)).toBe(400)
  })

  it('keeps LOBs: write, read back, list and remove', async () => {
    const cl = client().collection('drv.people')
    const data = Buffer.alloc(300_000, 7)
    const id = await cl.putLob(data)
    expect(Buffer.compare(await cl.getLob(id), data)).toBe(0)
    const lobs = await cl.listLobs().toArray()
    expect(lobs.map((l) => (l.Oid as ObjectId).toHexString())).toContain(id.toHexString())
    await cl.removeLob(id)
    expect(await serverCode(cl.getLob(id))).toBe(-4)
  })

  it('rolls a transaction back', async () => {
    const cl = client().collection('drv.people')
    const before = await cl.count()
    await client().transactionBegin()
    await cl.insert({ name: 'Tmp' })
    await client().transactionRollback()
    expect(await cl.count()).toBe(before)
  })

  it('commits and rolls back with no open transaction as a no-op, as the real coord does', async () => {
    // The official C driver sends the commit unconditionally; a real v6 coord answers flags 0
    // (coordTransOperator skips the phases when the session has no transaction), never -196.
    expect(await serverCode(client().transactionCommit())).toBeUndefined()
    expect(await serverCode(client().transactionRollback())).toBeUndefined()
    const cl = client().collection('drv.people')
    const before = await cl.count()
    await client().transactionBegin()
    await cl.insert({ name: 'Kept' })
    await client().transactionCommit()
    expect(await serverCode(client().transactionCommit())).toBeUndefined()
    expect(await cl.count()).toBe(before + 1)
    await cl.delete({ name: 'Kept' })
  })

  it('counts a collection\'s own activity in $snapshot collections, as a real data node does', async () => {
    const cl = await client().collectionSpace('drv').createCollection('counted')
    await cl.insert([{ v: 1 }, { v: 2 }, { v: 3 }])
    await cl.update({ $set: { w: 1 } }, { condition: { v: { $gte: 2 } } })
    await cl.delete({ v: 1 })
    expect(await cl.query().toArray()).toHaveLength(2)
    const [snap] = await client().snapshot('collections', { condition: { Name: 'drv.counted' } }).toArray()
    const details = snap?.Details as { Group: Record<string, unknown>[] }[]
    const stat = details[0]?.Group[0]
    expect(stat).toMatchObject({ TotalInsert: Long.fromNumber(3), TotalUpdate: Long.fromNumber(2), TotalDelete: Long.fromNumber(1), TotalWrite: Long.fromNumber(6) })
    expect(Number(stat?.TotalTbScan)).toBeGreaterThanOrEqual(3)
    expect(Number(stat?.TotalRead)).toBeGreaterThanOrEqual(2)
    await client().collectionSpace('drv').dropCollection('counted')
  })

  it('reports snapshots with the documented fields', async () => {
    const db = await client().snapshot('database').toArray()
    expect(db[0]).toMatchObject({ TotalInsert: expect.anything(), ErrNodes: [] })
    const health = await client().snapshot('health').toArray()
    expect(health.length).toBe(3)
    expect(health[0]).toHaveProperty('DiffLSNWithPrimary')
  })

  it('requires authentication once a user exists (MD5 and SCRAM against one store)', async () => {
    await client().createUser('alice', 'secret')
    try {
      const scram = await Client.connect({ hosts: emu().coordAddress, user: 'alice', password: 'secret' })
      expect(await scram.listCollectionSpaces().toArray()).toContainEqual({ Name: 'drv' })
      await scram.close()
      expect(await serverCode(Client.connect({ hosts: emu().coordAddress, user: 'alice', password: 'nope' }))).toBe(-179)
      expect(await serverCode(Client.connect({ hosts: emu().coordAddress }))).toBe(-179)
    } finally {
      await client().removeUser('alice', 'secret')
    }
    const anonymous = await Client.connect({ hosts: emu().coordAddress })
    await anonymous.close()
  })

  it('stops and starts a group master through the ReplicaGroup and Node objects', async () => {
    const rg = await client().getReplicaGroup('group1')
    const master = await rg.getMaster()
    const direct = await master.connect()
    await master.stop()
    expect(await serverCode(direct.listCollectionSpaces().toArray())).not.toBeUndefined()
    await direct.close().catch(() => undefined)
    expect(await serverCode(rg.getMaster())).toBe(-71)
    await master.start()
    const again = await rg.getMaster()
    expect(again.port).toBe(master.port)
  })

  it('gives the real error codes', async () => {
    expect(await serverCode(client().createCollectionSpace('drv'))).toBe(-33)
    expect(await serverCode(client().getCollectionSpace('nope'))).toBe(-34)
    expect(await serverCode(client().collectionSpace('drv').getCollection('nope'))).toBe(-23)
    expect(await serverCode(client().collection('drv.people').dropIndex('nope'))).toBe(-47)
    expect(await serverCode(client().removeReplicaGroup('nope'))).toBe(-154)
    expect(Long.fromNumber(1)).toBeDefined()
  })
})
