import type { Topology } from '@canopy/api-contract'
import { describe, expect, it } from 'vitest'
import { TopologyCache } from './topology-cache.js'

const topo = (n: number) => ({ clusterId: 'c1', collectedAt: String(n), groups: [] }) as unknown as Topology

function deferred() {
  let resolve!: (t: Topology) => void
  let reject!: (e: Error) => void
  const promise = new Promise<Topology>((res, rej) => { resolve = res; reject = rej })
  return { promise, resolve, reject }
}

describe('TopologyCache', () => {
  it('answers 100 concurrent callers with one read, then serves it until the ttl passes', async () => {
    let now = 0
    let reads = 0
    const cache = new TopologyCache(() => Promise.resolve(topo(++reads)), { ttlMs: 1000, now: () => now })
    const all = await Promise.all(Array.from({ length: 100 }, () => cache.get('c1')))
    expect(reads).toBe(1)
    expect(new Set(all.map((t) => t.collectedAt))).toEqual(new Set(['1']))
    now = 999
    expect((await cache.get('c1')).collectedAt).toBe('1')
    now = 1000
    expect((await cache.get('c1')).collectedAt).toBe('2')
    expect(reads).toBe(2)
  })

  it('does not keep a failure: the next caller reads again', async () => {
    let reads = 0
    const cache = new TopologyCache(() => (++reads === 1 ? Promise.reject(new Error('down')) : Promise.resolve(topo(reads))))
    const failed = await Promise.allSettled([cache.get('c1'), cache.get('c1')])
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(reads).toBe(1)
    expect((await cache.get('c1')).collectedAt).toBe('2')
  })

  it('after invalidate, reads anew and does not keep the read that started before the change', async () => {
    const pending = [deferred(), deferred()]
    let i = 0
    const cache = new TopologyCache(() => pending[i++]!.promise)
    const before = cache.get('c1')
    cache.invalidate('c1')
    const after = cache.get('c1')
    pending[1]!.resolve(topo(2))
    pending[0]!.resolve(topo(1))
    expect((await before).collectedAt).toBe('1')
    expect((await after).collectedAt).toBe('2')
    expect((await cache.get('c1')).collectedAt).toBe('2')
    expect(i).toBe(2)
  })

  it('keeps clusters apart', async () => {
    const seen: string[] = []
    const cache = new TopologyCache((id) => { seen.push(id); return Promise.resolve(topo(seen.length)) })
    await Promise.all([cache.get('a'), cache.get('b'), cache.get('a')])
    expect(seen).toEqual(['a', 'b'])
  })
})
