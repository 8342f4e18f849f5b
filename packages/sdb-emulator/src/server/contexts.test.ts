import { describe, expect, it } from 'vitest'
import { ContextRegistry } from './contexts.js'

const docs = (n: number, from = 0): { n: number }[] => Array.from({ length: n }, (_, i) => ({ n: from + i }))

describe('server contexts', () => {
  it('pages an iterator, applying skip and limit, and reports the end with the last batch', () => {
    const reg = new ContextRegistry()
    const ctx = reg.open(docs(25)[Symbol.iterator](), 3, 15)
    const a = ctx.next(10)
    expect(a.records.map((d) => d.n)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(a).toMatchObject({ startFrom: 0, done: false })
    const b = ctx.next(10)
    expect(b.records.map((d) => d.n)).toEqual([13, 14, 15, 16, 17])
    expect(b).toMatchObject({ startFrom: 10, done: true })
    expect(ctx.next(10).records).toEqual([])
  })

  it('keeps one batch per node for gathered results', () => {
    const reg = new ContextRegistry()
    const ctx = reg.open({ batches: [docs(2), [], docs(3, 10)] })
    expect(ctx.next(-1).records).toHaveLength(2)
    const last = ctx.next(-1)
    expect(last.records.map((d) => d.n)).toEqual([10, 11, 12])
    expect(last.done).toBe(true)
  })

  it('closes contexts once, releasing their source, and forgets unknown ids', () => {
    const reg = new ContextRegistry()
    let released = 0
    const ctx = reg.open(docs(5)[Symbol.iterator](), 0, -1, () => (released += 1))
    reg.kill(123456789n)
    expect(reg.get(ctx.id)).toBe(ctx)
    reg.killAll()
    reg.kill(ctx.id)
    expect(released).toBe(1)
    expect(reg.size).toBe(0)
  })
})
