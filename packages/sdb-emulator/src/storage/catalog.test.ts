import { createHash, createHmac, pbkdf2Sync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Double, Int32, Long, type BsonDocument } from '@canopy/sdb-client/bson'
import { afterEach, describe, expect, it } from 'vitest'
import { SdbFault } from '../engine/fault.js'
import { SqliteCatalogStore } from './catalog.js'

const dirs: string[] = []
const stores: SqliteCatalogStore[] = []

function open(dataDir?: string): SqliteCatalogStore {
  const store = new SqliteCatalogStore({ dataDir, nodeName: 'catalog' })
  stores.push(store)
  return store
}

afterEach(() => {
  for (const store of stores.splice(0)) store.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function codeOf(fn: () => unknown): number {
  try {
    fn()
  } catch (error) {
    if (error instanceof SdbFault) return error.code
    throw error
  }
  throw new Error('expected a fault')
}

/** A catalog with the system groups and two data groups of one node each. */
function cluster(dataDir?: string): SqliteCatalogStore {
  const catalog = open(dataDir)
  catalog.createGroup('SYSCatalogGroup')
  catalog.createNode('SYSCatalogGroup', { HostName: 'h', svcname: '11800', dbpath: '/d/11800' })
  for (const [name, port] of [
    ['group1', '11820'],
    ['group2', '11830'],
  ] as const) {
    catalog.createGroup(name)
    catalog.createNode(name, { HostName: 'h', svcname: port, dbpath: `/d/${port}` })
    catalog.setGroupStatus(name, 1)
  }
  return catalog
}

describe('collection spaces', () => {
  it('validates names, page sizes and options as the real server', () => {
    const catalog = cluster()
    for (const name of ['', '$cs', 'SYSx', 'a.b', 'a/b', 'x'.repeat(128)]) {
      expect(codeOf(() => catalog.createCollectionSpace({ Name: name }))).toBe(-6)
    }
    expect(codeOf(() => catalog.createCollectionSpace({ Name: 'cs', PageSize: 1000 }))).toBe(-6)
    expect(codeOf(() => catalog.createCollectionSpace({ Name: 'cs', LobPageSize: 1048576 }))).toBe(-6)
    expect(codeOf(() => catalog.createCollectionSpace({ Name: 'cs', Bogus: 1 }))).toBe(-6)
    expect(codeOf(() => catalog.createCollectionSpace({ Name: 'cs', Domain: 'nope' }))).toBe(-214)
    const cs = catalog.createCollectionSpace({ Name: 'cs', PageSize: 0, LobPageSize: 4096 })
    expect(cs).toMatchObject({ name: 'cs', pageSize: 65536, lobPageSize: 4096 })
    expect(catalog.createCollectionSpace({ Name: 'cs16', PageSize: new Int32(16384) }).pageSize).toBe(16384)
    expect(codeOf(() => catalog.createCollectionSpace({ Name: 'cs' }))).toBe(-33)
    expect(catalog.listCollectionSpaces().map((s) => s.name)).toEqual(['cs', 'cs16'])
  })

  it('drops with EnsureEmpty only when empty, and renames with its collections', () => {
    const catalog = cluster()
    catalog.createCollectionSpace({ Name: 'cs' })
    catalog.createCollection({ Name: 'cs.a' })
    expect(codeOf(() => catalog.dropCollectionSpace('cs', true))).toBe(-275)
    catalog.renameCollectionSpace('cs', 'cs2')
    expect(catalog.getCollection('cs2.a')?.collectionSpace).toBe('cs2')
    const dropped = catalog.dropCollectionSpace('cs2')
    expect(dropped.collections.map((c) => c.name)).toEqual(['cs2.a'])
    expect(codeOf(() => catalog.dropCollectionSpace('cs2'))).toBe(-34)
  })
})

describe('collections', () => {
  it('validates options and reports -34, -22 and -23', () => {
    const catalog = cluster()
    expect(codeOf(() => catalog.createCollection({ Name: 'cs.a' }))).toBe(-34)
    expect(catalog.createCollection({ Name: 'cs.a' }, true).name).toBe('cs.a')
    expect(codeOf(() => catalog.createCollection({ Name: 'cs.a' }))).toBe(-22)
    expect(codeOf(() => catalog.createCollection({ Name: 'cs.b', ReplSize: new Double(2) }))).toBe(-6)
    expect(codeOf(() => catalog.createCollection({ Name: 'cs.b', ReplSize: new Int32(8) }))).toBe(-6)
    expect(codeOf(() => catalog.createCollection({ Name: 'cs.b', CompressionType: 'zip' }))).toBe(-6)
    expect(codeOf(() => catalog.createCollection({ Name: 'cs.b', Partition: new Int32(100), ShardingKey: { a: 1 } }))).toBe(-6)
    expect(codeOf(() => catalog.createCollection({ Name: 'cs.b', Group: 'nope' }))).toBe(-154)
    expect(codeOf(() => catalog.createCollection({ Name: 'cs.$b' }))).toBe(-6)
    expect(catalog.createCollection({ Name: 'cs.b', ReplSize: new Int32(0) }).replSize).toBe(7)
    expect(catalog.createCollection({ Name: 'cs.c', ReplSize: new Int32(-1) }).replSize).toBe(-1)
    expect(codeOf(() => catalog.dropCollection('cs.zz'))).toBe(-23)
    expect(codeOf(() => catalog.dropCollection('nocs.zz'))).toBe(-34)
  })

  it('spreads plain collections over the data groups and honours Group', () => {
    const catalog = cluster()
    catalog.createCollectionSpace({ Name: 'cs' })
    const groups = ['a', 'b', 'c', 'd'].map((n) => catalog.createCollection({ Name: `cs.${n}` }).placement[0]?.groupName)
    expect(groups).toEqual(['group1', 'group2', 'group1', 'group2'])
    expect(catalog.createCollection({ Name: 'cs.e', Group: 'group2' }).placement).toEqual([{ groupId: 1001, groupName: 'group2' }])
  })

  it('splits an AutoSplit hash collection over every group and routes documents by partition', () => {
    const catalog = cluster()
    catalog.createCollectionSpace({ Name: 'cs' })
    const cl = catalog.createCollection({ Name: 'cs.h', ShardingKey: { k: 1 }, ShardingType: 'hash', Partition: new Int32(1024), AutoSplit: true })
    expect(cl.placement).toEqual([
      { groupId: 1000, groupName: 'group1', lowPartition: 0, highPartition: 512 },
      { groupId: 1001, groupName: 'group2', lowPartition: 512, highPartition: 1024 },
    ])
    expect(cl.document['CataInfo']).toEqual([
      { ID: new Int32(0), GroupID: new Int32(1000), GroupName: 'group1', LowBound: { '': new Int32(0) }, UpBound: { '': new Int32(512) } },
      { ID: new Int32(1), GroupID: new Int32(1001), GroupName: 'group2', LowBound: { '': new Int32(512) }, UpBound: { '': new Int32(1024) } },
    ])
    const counts = new Map<string, number>()
    for (let i = 0; i < 1000; i += 1) {
      const target = catalog.groupForDocument(cl, { k: i }).groupName
      counts.set(target, (counts.get(target) ?? 0) + 1)
      // Numbers of different BSON types with one value go to one place.
      expect(catalog.groupForDocument(cl, { k: new Long(i) }).groupName).toBe(target)
    }
    expect(counts.get('group1')).toBeGreaterThan(350)
    expect(counts.get('group2')).toBeGreaterThan(350)
    expect(catalog.listIndexes('cs.h').map((d) => d.name)).toEqual(['$id', '$shard'])
  })
})

describe('indexes', () => {
  it('records a built index and refuses redefinitions with the real codes', () => {
    const catalog = cluster()
    catalog.createCollection({ Name: 'cs.a' }, true)
    const built: string[] = []
    const def = catalog.createIndex('cs.a', { name: 'ix', key: { b: 1, c: -1 }, unique: true }, (d) => built.push(d.name))
    expect(built).toEqual(['ix'])
    expect(def.document).toMatchObject({ name: 'ix', key: { b: new Int32(1), c: new Int32(-1) }, unique: true, enforced: false })
    expect(codeOf(() => catalog.createIndex('cs.a', { name: 'ix', key: { b: 1, c: -1 }, unique: true }, () => undefined))).toBe(-247)
    expect(codeOf(() => catalog.createIndex('cs.a', { name: 'ix', key: { z: 1 } }, () => undefined))).toBe(-46)
    expect(codeOf(() => catalog.createIndex('cs.a', { name: 'other', key: { b: 1, c: -1 }, unique: true }, () => undefined))).toBe(-291)
    expect(codeOf(() => catalog.createIndex('cs.a', { name: 'bad', key: { b: 2 } }, () => undefined))).toBe(-6)
    expect(() =>
      catalog.createIndex('cs.a', { name: 'failing', key: { q: 1 } }, () => {
        throw new SdbFault(-38)
      }),
    ).toThrow(SdbFault)
    expect(catalog.listIndexes('cs.a').map((d) => d.name)).toEqual(['$id', 'ix'])
    expect(codeOf(() => catalog.dropIndex('cs.a', '$id', () => undefined))).toBe(-56)
    expect(codeOf(() => catalog.dropIndex('cs.a', 'nope', () => undefined))).toBe(-47)
    catalog.dropIndex('cs.a', 'ix', () => undefined)
    expect(catalog.listIndexes('cs.a').map((d) => d.name)).toEqual(['$id'])
  })
})

describe('users', () => {
  it('stores SCRAM-SHA256 keys that verify the md5 password, with the real errors', () => {
    const catalog = open()
    const md5 = createHash('md5').update('secret').digest('hex')
    const user = catalog.createUser('admin', md5)
    const salted = pbkdf2Sync(md5, Buffer.from(user.scramSha256.salt, 'base64'), 15000, 32, 'sha256')
    const clientKey = createHmac('sha256', salted).update('Client Key').digest()
    expect(createHash('sha256').update(clientKey).digest('base64')).toBe(user.scramSha256.storedKey)
    expect(Buffer.from(user.scramSha256.salt, 'base64')).toHaveLength(28)
    expect(user.document).toEqual({ User: 'admin', Roles: [], Options: {} })
    expect(codeOf(() => catalog.createUser('admin', md5))).toBe(-295)
    expect(codeOf(() => catalog.removeUser('admin', 'wrong'))).toBe(-179)
    expect(codeOf(() => catalog.removeUser('ghost', md5))).toBe(-300)
    catalog.removeUser('admin', md5)
    expect(catalog.listUsers()).toEqual([])
  })
})

describe('groups and nodes', () => {
  it('allocates ids as the real catalog and builds $list groups documents with int32 fields', () => {
    const catalog = cluster()
    const group = catalog.getGroup('group1')
    expect(group?.document).toEqual({
      Group: [
        {
          HostName: 'h',
          Status: new Int32(1),
          dbpath: '/d/11820',
          Service: [
            { Type: new Int32(0), Name: '11820' },
            { Type: new Int32(1), Name: '11821' },
            { Type: new Int32(2), Name: '11822' },
          ],
          NodeID: new Int32(1000),
        },
      ],
      GroupID: new Int32(1000),
      GroupName: 'group1',
      Role: new Int32(0),
      SecretID: expect.any(Int32) as Int32,
      Status: new Int32(1),
      Version: new Int32(2),
      _id: expect.anything() as BsonDocument,
    })
    expect(catalog.getGroup('SYSCatalogGroup')).toMatchObject({ groupId: 1, role: 2, nodes: [{ nodeId: 1 }] })
    catalog.setPrimary('group1', 1000)
    expect(catalog.getGroup(1000)?.document['PrimaryNode']).toEqual(new Int32(1000))
    const created = catalog.createGroup('group3')
    expect(created).toMatchObject({ groupId: 1002, status: 0, nodes: [] })
    // The `$create group` reply order: as built, before any update sorts the fields.
    expect(Object.keys(created.document)).toEqual(['GroupName', 'GroupID', 'Role', 'Version', 'Status', 'SecretID', 'Group', '_id'])
    expect(codeOf(() => catalog.createGroup('group3'))).toBe(-153)
    expect(codeOf(() => catalog.createGroup('SYSmine'))).toBe(-6)
    expect(codeOf(() => catalog.createNode('group3', { HostName: 'h', svcname: '11820', dbpath: '/x' }))).toBe(-145)
    expect(codeOf(() => catalog.createNode('nope', { HostName: 'h', svcname: '11900', dbpath: '/x' }))).toBe(-154)
    for (let i = 0; i < 7; i += 1) {
      expect(catalog.createNode('group3', { HostName: 'h', svcname: String(12000 + i * 10), dbpath: '/x' }).nodeId).toBe(1002 + i)
    }
    expect(codeOf(() => catalog.createNode('group3', { HostName: 'h', svcname: '13000', dbpath: '/x' }))).toBe(-249)
    // A node of a group never activated shows the `$create node` reply order, Status last.
    const members = catalog.getGroup('group3')?.document['Group']
    const firstMember = Array.isArray(members) ? members[0] : undefined
    expect(Object.keys(firstMember ?? {})).toEqual(['HostName', 'dbpath', 'Service', 'NodeID', 'Status'])
    expect(codeOf(() => catalog.removeNode('group3', 'h', 1))).toBe(-155)
    catalog.removeNode('group3', 'h', 12000)
    expect(catalog.getGroup('group3')?.nodes).toHaveLength(6)
  })

  it('refuses to remove a group that holds collections, or the catalog group', () => {
    const catalog = cluster()
    catalog.createCollection({ Name: 'cs.a', Group: 'group1' }, true)
    expect(codeOf(() => catalog.removeGroup('group1'))).toBe(-208)
    expect(codeOf(() => catalog.removeGroup('SYSCatalogGroup'))).toBe(-206)
    expect(codeOf(() => catalog.removeNode('group1', 'h', 11820))).toBe(-204)
    catalog.removeGroup('group2')
    expect(catalog.listGroups().map((g) => g.groupName)).toEqual(['SYSCatalogGroup', 'group1'])
  })
})

describe('domains', () => {
  it('creates, restricts placement, and refuses drops while used', () => {
    const catalog = cluster()
    expect(codeOf(() => catalog.createDomain('d', { Groups: ['nope'] }))).toBe(-154)
    const domain = catalog.createDomain('d', { Groups: ['group2'], AutoSplit: true })
    expect(domain.document).toEqual({ Name: 'd', Groups: [{ GroupName: 'group2', GroupID: new Int32(1001) }], AutoSplit: true, AutoRebalance: false })
    expect(codeOf(() => catalog.createDomain('d'))).toBe(-215)
    catalog.createCollectionSpace({ Name: 'cs', Domain: 'd' })
    expect(catalog.createCollection({ Name: 'cs.a' }).placement[0]?.groupName).toBe('group2')
    expect(catalog.createCollection({ Name: 'cs.h', ShardingKey: { k: 1 } }).autoSplit).toBe(true)
    expect(codeOf(() => catalog.dropDomain('d'))).toBe(-256)
    expect(codeOf(() => catalog.dropDomain('x'))).toBe(-214)
  })
})

describe('durability', () => {
  it('brings back spaces, collections, indexes, users, groups and settings after reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-catalog-'))
    dirs.push(dir)
    const first = cluster(dir)
    first.createCollectionSpace({ Name: 'cs' })
    const cl = first.createCollection({ Name: 'cs.h', ShardingKey: { k: 1 }, AutoSplit: true })
    first.createIndex('cs.h', { name: 'ix', key: { v: 1 } }, () => undefined)
    first.createUser('u', 'p')
    first.setPrimary('group1', 1000)
    first.setSetting('topology', 'ready')
    first.close()
    const second = open(dir)
    expect(second.getCollection('cs.h')).toEqual(cl)
    expect(second.listIndexes('cs.h').map((d) => d.name)).toEqual(['$id', '$shard', 'ix'])
    expect(second.getUser('u')?.passwd).toBe('p')
    expect(second.getGroup('group1')?.primaryNode).toBe(1000)
    expect(second.getSetting('topology')).toBe('ready')
    // Ids keep counting from where they were.
    expect(second.createCollection({ Name: 'cs.next' }).uniqueId).toBe(cl.uniqueId + 3n)
    expect(second.createGroup('group9').groupId).toBe(1002)
  })
})
