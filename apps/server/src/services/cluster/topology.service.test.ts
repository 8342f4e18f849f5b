import { startEmulator } from '@canopy/sdb-emulator'
import type { Emulator } from '@canopy/sdb-emulator'
import type { ClusterEvent, MetricsSample, Topology } from '@canopy/api-contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClusterRegistry } from './index.js'
import type { ClusterRegistry } from './index.js'
import { ClusterMonitor } from './topology.service.js'

// The monitor against an emulated cluster of two data groups: one raw `$snapshot database`
// per poll gives rates per group and per node.

let emulator: Emulator
let registry: ClusterRegistry
let monitor: ClusterMonitor

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, groups: 2, replicas: 2 })
  registry = createClusterRegistry({ clusters: [{ id: 'two', name: 'Two groups', hosts: [emulator.coordAddress] }], retryDelayMs: 100 })
  await registry.run('two', async (port) => {
    await port.createCollectionSpace('mon', {})
    await port.createCollection('mon', 'g1', { Group: 'group1' })
  })
  monitor = new ClusterMonitor(registry, 250)
}, 60_000)
afterAll(async () => {
  monitor.close()
  await registry.close()
  await emulator.close()
})

/** Subscribes and collects events until `done` says so (or the time runs out). */
function watch(done: (events: readonly ClusterEvent[]) => boolean, ms = 10_000): Promise<ClusterEvent[]> {
  return new Promise((resolve) => {
    const events: ClusterEvent[] = []
    let stop = (): void => undefined
    const timer = setTimeout(() => {
      stop()
      resolve(events)
    }, ms)
    stop = monitor.subscribe('two', (e) => {
      events.push(e)
      if (done(events)) {
        clearTimeout(timer)
        queueMicrotask(() => stop())
        resolve(events)
      }
    })
  })
}

const samples = (events: readonly ClusterEvent[]): MetricsSample[] => events.flatMap((e) => (e.type === 'metrics' ? [e.metrics] : []))

describe('ClusterMonitor metrics', () => {
  it('gives the written group and its primary an insert rate, and the other group none', async () => {
    let inserting: Promise<void> | undefined
    const events = await watch((evs) => {
      const s = samples(evs)
      // Start writing once the baseline is taken, then wait for a sample that saw the writes.
      if (inserting === undefined && evs.some((e) => e.type === 'topology')) {
        inserting = registry.run('two', async (port) => {
          await port.collection('mon', 'g1').insert(Array.from({ length: 200 }, (_, i) => ({ i })), {})
        })
      }
      return s.some((m) => (m.groups?.find((g) => g.name === 'group1')?.insert ?? 0) > 0)
    })
    await inserting
    const topology = (events.find((e) => e.type === 'topology') as { topology: Topology } | undefined)?.topology
    const primary = topology?.groups.find((g) => g.name === 'group1')?.primaryNodeId
    expect(primary).toBeTruthy()
    const sample = samples(events).find((m) => (m.groups?.find((g) => g.name === 'group1')?.insert ?? 0) > 0)!
    expect(sample.insert).toBeGreaterThan(0)
    const g1 = sample.groups!.find((g) => g.name === 'group1')!
    const g2 = sample.groups!.find((g) => g.name === 'group2')!
    expect(g1.insert).toBeGreaterThan(0)
    expect(g2.insert).toBe(0)
    expect(g2.nodesReporting).toBe(2)
    const node = sample.nodes!.find((n) => n.name === primary)!
    expect(node.status).toBe('up')
    expect(node.isPrimary).toBe(true)
    expect(node.insert).toBeGreaterThan(0)
    for (const n of sample.nodes!.filter((x) => x.group === 'group2')) expect(n.insert).toBe(0)
    // The catalog is not in a database snapshot; the coordinator is.
    expect(sample.groups!.map((g) => g.name).sort()).toEqual(['SYSCoord', 'group1', 'group2'])
  }, 20_000)

  it('reports a stopped node as down with no rates, not as zero', async () => {
    const g2 = emulator.nodes.filter((n) => n.groupName === 'group2')
    const topology = await registry.run('two', (port) => port.list('groups', { condition: { GroupName: 'group2' } }))
    const primaryId = Number((topology[0] as { PrimaryNode?: unknown }).PrimaryNode)
    const secondary = g2.find((n) => n.nodeId !== primaryId)!
    await registry.run('two', (port) => port.stopNode('group2', secondary.host, secondary.port))
    try {
      const events = await watch((evs) => samples(evs).some((m) => m.nodes?.some((n) => n.name === secondary.address && n.status === 'down') === true))
      const sample = samples(events).find((m) => m.nodes?.some((n) => n.name === secondary.address && n.status === 'down') === true)!
      const down = sample.nodes!.find((n) => n.name === secondary.address)!
      expect(down).toEqual({ name: secondary.address, group: 'group2', status: 'down', isPrimary: false, insert: null, update: null, delete: null, read: null })
      const g = sample.groups!.find((x) => x.name === 'group2')!
      expect(g.nodesDown).toBe(1)
      expect(g.nodesReporting).toBe(1)
    } finally {
      await registry.run('two', (port) => port.startNode('group2', secondary.host, secondary.port))
    }
  }, 20_000)

  it('shows neither a spike nor a negative rate when a node that counted many inserts restarts', async () => {
    const g1 = await registry.run('two', (port) => port.list('groups', { condition: { GroupName: 'group1' } }))
    const primaryId = Number((g1[0] as { PrimaryNode?: unknown }).PrimaryNode)
    const primary = emulator.nodes.find((n) => n.groupName === 'group1' && n.nodeId === primaryId)!
    await registry.run('two', (port) => port.collection('mon', 'g1').insert(Array.from({ length: 500 }, (_, i) => ({ i })), {}))
    const seen: MetricsSample[] = []
    const stop = monitor.subscribe('two', (e) => { if (e.type === 'metrics') seen.push(e.metrics) })
    try {
      const until = async (n: number) => { while (seen.length < n) await new Promise((r) => setTimeout(r, 50)) }
      await until(2)
      await registry.run('two', (port) => port.stopNode('group1', primary.host, primary.port))
      await until(seen.length + 2)
      await registry.run('two', (port) => port.startNode('group1', primary.host, primary.port))
      await until(seen.length + 3)
    } finally {
      stop()
    }
    const rates = seen.map((m) => m.nodes?.find((n) => n.name === primary.address))
    expect(rates.some((r) => r?.status === 'down')).toBe(true)
    expect(rates.at(-1)?.status).toBe('up')
    // No writes ran meanwhile: every rate of that node, and of the cluster, stays at zero.
    for (const r of rates) if (r?.insert != null) expect(r.insert).toBe(0)
    for (const m of seen) expect(m.insert).toBe(0)
  }, 30_000)
})
