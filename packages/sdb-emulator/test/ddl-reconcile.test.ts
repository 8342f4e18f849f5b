import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@canopy/sdb-client'
import { Int32 } from '@canopy/sdb-client/bson'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../src/server/emulator.js'
import { idIndexDefinition, openCatalogStore, openDataNodeStore } from '../src/storage/index.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/**
 * A DDL writes the catalog first, then the data nodes. A crash between the two leaves them
 * apart; the next start-up brings each group's data nodes in line with the catalog.
 */
describe('start-up repair of a DDL cut short by a crash', () => {
  it('creates what the catalog has and drops what it no longer has', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'canopy-ddl-'))
    dirs.push(dataDir)
    let emu = await startEmulator({ port: 0, dataDir, groups: 1, replicas: 1 })
    let client = await Client.connect({ hosts: emu.coordAddress })
    const cs = await client.createCollectionSpace('ddl')
    await (await cs.createCollection('kept')).insert({ _id: 1, a: 5 })
    const node = emu.cluster.dataGroups()[0]!.nodes[0]!
    const nodeName = `${node.group.name}-${String(node.nodeId)}`
    await client.close()
    await emu.close()

    // The half-done states (one per crash in life; together here): a `$create collection` whose
    // data-node step never ran, a `$drop collection` and a `$drop collectionspace` whose data-node
    // steps never ran.
    const catalog = openCatalogStore({ dataDir, nodeName: 'catalog' })
    catalog.createCollectionSpace({ Name: 'made' })
    catalog.createCollection({ Name: 'made.created', Group: 'group1' })
    catalog.createCollectionSpace({ Name: 'gone' })
    // A `$create index` recorded in the catalog whose build on the data node never ran.
    catalog.createIndex('ddl.kept', { name: 'ia', key: { a: new Int32(1) } }, () => undefined)
    catalog.close()
    const store = openDataNodeStore({ dataDir, nodeName })
    for (const name of ['ddl.dropped', 'gone.t']) {
      store.createCollection(name, [idIndexDefinition(1n)])
      store.insert(name, [{ _id: new Int32(7), stale: true }])
    }
    store.close()
    const again = openCatalogStore({ dataDir, nodeName: 'catalog' })
    again.dropCollectionSpace('gone')
    again.close()

    emu = await startEmulator({ port: 0, dataDir })
    client = await Client.connect({ hosts: emu.coordAddress })
    try {
      // The collection the catalog knows now exists on its group and takes writes.
      const created = client.collection('made.created')
      await created.insert({ _id: 2 })
      expect(await created.count()).toBe(1)
      // Names the catalog had dropped come back empty, without the stale records.
      const dropped = await client.collectionSpace('ddl').createCollection('dropped')
      expect(await dropped.count()).toBe(0)
      const gone = await (await client.createCollectionSpace('gone')).createCollection('t')
      expect(await gone.count()).toBe(0)
      const kept = client.collection('ddl.kept')
      expect(await kept.count()).toBe(1)
      expect(await kept.query({ condition: { a: 5 }, hint: { '': 'ia' } }).toArray()).toEqual([{ _id: new Int32(1), a: new Int32(5) }])
      expect((await kept.explain({ condition: { a: 5 }, hint: { '': 'ia' } }).toArray())[0]).toMatchObject({ ScanType: 'ixscan', IndexName: 'ia', IndexRead: expect.anything() as unknown })
    } finally {
      await client.close()
      await emu.close()
    }
  })
})

describe('start-up repair of a rename cut short by a crash', () => {
  it('renames the data node collection (or collection space) instead of dropping its records', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'canopy-ddl-'))
    dirs.push(dataDir)
    let emu = await startEmulator({ port: 0, dataDir, groups: 1, replicas: 1 })
    let client = await Client.connect({ hosts: emu.coordAddress })
    await (await (await client.createCollectionSpace('rn')).createCollection('old')).insert({ _id: 1 })
    const space = await client.createCollectionSpace('sold')
    await (await space.createCollection('a')).insert({ _id: 2 })
    await (await space.createCollection('b')).insert({ _id: 3 })
    await client.close()
    await emu.close()

    // The catalog steps of `$rename collection` and `$rename collectionspace` ran; the data-node steps did not.
    const catalog = openCatalogStore({ dataDir, nodeName: 'catalog' })
    catalog.renameCollection('rn', 'old', 'new')
    catalog.renameCollectionSpace('sold', 'snew')
    catalog.close()

    emu = await startEmulator({ port: 0, dataDir })
    client = await Client.connect({ hosts: emu.coordAddress })
    try {
      expect(await client.collection('rn.new').query().toArray()).toEqual([{ _id: new Int32(1) }])
      expect(await client.collection('snew.a').query().toArray()).toEqual([{ _id: new Int32(2) }])
      expect(await client.collection('snew.b').query().toArray()).toEqual([{ _id: new Int32(3) }])
    } finally {
      await client.close()
      await emu.close()
    }
  })
})
