import { Client } from '@canopy/sdb-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorInternals } from '../src/server/emulator.js'

let emu: EmulatorInternals
let client: Client

beforeAll(async () => {
  emu = await startEmulator({ port: 0, groups: 2, replicas: 1, demo: 'small' })
  client = await Client.connect({ hosts: emu.coordAddress })
}, 60_000)
afterAll(async () => {
  await client.close()
  await emu.close()
})

describe('an emulator started with the small demo', () => {
  it('shows the demo spaces and collections with their documents and indexes', async () => {
    const spaces = (await client.listCollectionSpaces().toArray()).map((d) => d.Name)
    expect(spaces).toEqual(expect.arrayContaining(['shop', 'iot', 'hr']))
    expect(await client.collection('shop.orders').count()).toBe(400)
    const indexes = await client.collection('shop.orders').listIndexes().toArray()
    expect(indexes.length).toBeGreaterThan(1)
  })

  it('spreads the hash-sharded readings over both data groups', () => {
    const perGroup = emu.cluster.dataGroups().map((g) => emu.router.readTarget(g).store.count('iot.sensor_readings'))
    expect(perGroup.every((n) => n > 0)).toBe(true)
    expect(perGroup.reduce((a, b) => a + b, 0)).toBe(500)
  })
})
