import type { Client } from '@canopy/sdb-client'
import { Int32 } from '@canopy/sdb-client/bson'
import { describe, expect, it } from 'vitest'
import { emulatorWithClient, serverCode } from './emulator-client.js'

/** SQL statements the server runs as commands (`qgmPlCommand.cpp`), over TCP through our driver. */
const env = emulatorWithClient({ groups: 1, replicas: 1 })
const client = (): Client => env.client()

describe('SQL DDL, lists and transactions', () => {
  it('creates and drops collection spaces, collections and indexes as the commands do', async () => {
    await client().execUpdate('create collectionspace sqlcs')
    await client().execUpdate('CREATE COLLECTION sqlcs.plain')
    await client().execUpdate('create collection sqlcs.sharded partition by (region, id desc)')
    const spaces = (await client().exec('list collectionspaces').toArray()).map((d) => d['Name'])
    expect(spaces).toContain('sqlcs')
    const collections = (await client().exec('list collections').toArray()).map((d) => d['Name'])
    expect(collections).toEqual(expect.arrayContaining(['sqlcs.plain', 'sqlcs.sharded']))
    const sharded = (await client().snapshot('catalog', { condition: { Name: 'sqlcs.sharded' } }).toArray())[0]
    expect(sharded?.['ShardingKey']).toEqual({ region: new Int32(1), id: new Int32(-1) })

    const plain = await client().getCollection('sqlcs.plain')
    await client().execUpdate('create unique index by_code on sqlcs.plain (code, at desc)')
    expect(await plain.getIndex('by_code')).toMatchObject({ IndexDef: { name: 'by_code', key: { code: new Int32(1), at: new Int32(-1) }, unique: true } })
    await plain.insert({ code: 'a', at: 1 })
    expect(await serverCode(plain.insert({ code: 'a', at: 1 }))).toBe(-38)
    await client().execUpdate('drop index by_code on sqlcs.plain')
    expect(await plain.getIndex('by_code')).toBeUndefined()

    expect(await serverCode(client().execUpdate('create collectionspace sqlcs'))).toBe(-33)
    await client().execUpdate('drop collection sqlcs.plain')
    expect(await serverCode(client().getCollection('sqlcs.plain'))).toBe(-23)
    await client().execUpdate('drop collectionspace sqlcs')
    expect(await serverCode(client().getCollectionSpace('sqlcs'))).toBe(-34)
  })

  it('runs begin transaction, rollback and commit', async () => {
    await client().execUpdate('create collectionspace sqltx')
    await client().execUpdate('create collection sqltx.t')
    const t = await client().getCollection('sqltx.t')
    await client().execUpdate('begin transaction')
    await client().execUpdate("insert into sqltx.t (a) values (1)")
    await client().execUpdate('rollback')
    expect(await t.count()).toBe(0)
    await client().execUpdate('begin transaction')
    await client().execUpdate("insert into sqltx.t (a) values (2)")
    await client().execUpdate('commit')
    expect(await t.count()).toBe(1)
  })

  it('rejects malformed DDL with a syntax error', async () => {
    expect(await serverCode(client().execUpdate('create collection nodot'))).toBe(-195)
    expect(await serverCode(client().execUpdate('create index i on cs.cl'))).toBe(-195)
    expect(await serverCode(client().execUpdate('drop table cs.cl'))).toBe(-195)
    expect(await serverCode(client().execUpdate('list tables'))).toBe(-195)
  })
})
