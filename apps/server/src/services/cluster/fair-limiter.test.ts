import { describe, expect, it } from 'vitest'
import { FairLimiter } from './fair-limiter.js'

function gate() {
  let open!: () => void
  const opened = new Promise<void>((res) => { open = res })
  return { opened, open }
}

describe('FairLimiter', () => {
  it('runs at most `limit` tasks per key and starts the waiting ones in arrival order', async () => {
    const limiter = new FairLimiter(2)
    const gates = Array.from({ length: 5 }, () => gate())
    const started: number[] = []
    const done = gates.map((g, i) => limiter.run('c1', async () => { started.push(i); await g.opened; return i }))
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    expect(limiter.stats('c1')).toEqual({ active: 2, waiting: 3 })
    // Another cluster has its own slots.
    expect(await limiter.run('c2', () => Promise.resolve('other'))).toBe('other')
    gates[1]!.open()
    await done[1]
    await new Promise((r) => setTimeout(r, 0))
    expect(started).toEqual([0, 1, 2])
    for (const g of gates) g.open()
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4])
    expect(started).toEqual([0, 1, 2, 3, 4])
    expect(limiter.stats('c1')).toEqual({ active: 0, waiting: 0 })
  })

  it('frees the slot when a task fails', async () => {
    const limiter = new FairLimiter(1)
    await expect(limiter.run('c1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await limiter.run('c1', () => Promise.resolve(1))).toBe(1)
  })

  it('a caller that gives up while queued leaves the queue without taking a slot', async () => {
    const limiter = new FairLimiter(1)
    const g = gate()
    const first = limiter.run('c1', () => g.opened)
    const ac = new AbortController()
    let ran = false
    const quitter = limiter.run('c1', () => { ran = true; return Promise.resolve() }, ac.signal)
    const third = limiter.run('c1', () => Promise.resolve('third'))
    expect(limiter.stats('c1').waiting).toBe(2)
    ac.abort(new Error('client went away'))
    await expect(quitter).rejects.toThrow('client went away')
    expect(limiter.stats('c1').waiting).toBe(1)
    g.open()
    await first
    expect(await third).toBe('third')
    expect(ran).toBe(false)
  })

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new FairLimiter(0)).toThrow(RangeError)
  })
})
