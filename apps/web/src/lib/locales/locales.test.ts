import { describe, expect, it } from 'vitest'
import { en } from './en.js'
import { zhCN } from './zh-cn.js'

type Tree = { readonly [k: string]: string | Tree }

/** Every leaf as `path -> text`. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix === '' ? k : `${prefix}.${k}`
    if (typeof v === 'string') out.set(path, v)
    else for (const [p, s] of leaves(v, path)) out.set(p, s)
  }
  return out
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()

describe('locales', () => {
  const enLeaves = leaves(en)
  const zhLeaves = leaves(zhCN)

  it('zh-CN has every key of en, and no key en lacks', () => {
    expect([...zhLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort())
  })

  it('has no empty strings in either language', () => {
    expect([...enLeaves].filter(([, s]) => s.trim() === '').map(([k]) => k)).toEqual([])
    expect([...zhLeaves].filter(([, s]) => s.trim() === '').map(([k]) => k)).toEqual([])
  })

  it('keeps the same {{placeholders}} in every translated string', () => {
    const mismatched = [...enLeaves].filter(([k, s]) => JSON.stringify(placeholders(s)) !== JSON.stringify(placeholders(zhLeaves.get(k) ?? ''))).map(([k]) => k)
    expect(mismatched).toEqual([])
  })
})
