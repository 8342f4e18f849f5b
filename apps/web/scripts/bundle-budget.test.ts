import { describe, expect, it } from 'vitest'
import { measureInitialLoad } from './bundle-budget.js'

const chunk = (fileName: string, code: string, imports: string[] = [], isEntry = false) => ({ type: 'chunk' as const, fileName, code, imports, isEntry })

describe('initial-load budget', () => {
  it('counts the entry and its static imports, never the lazy route chunks', () => {
    const big = 'x'.repeat(10_000) + Math.random().toString(36).repeat(2000)
    const load = measureInitialLoad({
      'index.js': chunk('index.js', 'import "./vendor.js"', ['vendor.js'], true),
      'vendor.js': chunk('vendor.js', 'export const v = 1'),
      'route-sql.js': chunk('route-sql.js', big),
    })
    expect([...load.files].sort()).toEqual(['index.js', 'vendor.js'])
    expect(load.gzipBytes).toBeLessThan(200)
  })

  it('counts a shared chunk once even when imported twice', () => {
    const shared = Array.from({ length: 3000 }, (_, i) => `const a${i}=${i * 7919 % 1000};`).join('')
    const once = measureInitialLoad({ 'a.js': chunk('a.js', '', ['s.js'], true), 's.js': chunk('s.js', shared) }).gzipBytes
    const twice = measureInitialLoad({ 'a.js': chunk('a.js', '', ['s.js', 'b.js'], true), 'b.js': chunk('b.js', '', ['s.js']), 's.js': chunk('s.js', shared) }).gzipBytes
    expect(twice - once).toBeLessThan(40)
  })
})
