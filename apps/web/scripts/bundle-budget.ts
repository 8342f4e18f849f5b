import { gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

/** The part of a Rollup/Rolldown output chunk the budget needs. */
export interface BudgetChunk {
  readonly type: 'chunk' | 'asset'
  readonly fileName: string
  readonly isEntry?: boolean
  readonly imports?: readonly string[]
  readonly code?: string
}

/** Result of measuring what the browser must download before the first page can render. */
export interface InitialLoad {
  readonly files: readonly string[]
  readonly gzipBytes: number
}

/**
 * Sums the gzipped size of every entry chunk and the chunks they import statically.
 * Dynamic imports (lazy routes) are excluded on purpose: they load after first paint.
 */
export function measureInitialLoad(bundle: Readonly<Record<string, BudgetChunk>>): InitialLoad {
  const seen = new Set<string>()
  const queue = Object.values(bundle).filter((c) => c.type === 'chunk' && c.isEntry === true).map((c) => c.fileName)
  let gzipBytes = 0
  while (queue.length > 0) {
    const name = queue.pop()!
    if (seen.has(name)) continue
    seen.add(name)
    const chunk = bundle[name]
    if (chunk?.type !== 'chunk' || chunk.code === undefined) continue
    gzipBytes += gzipSync(chunk.code, { level: 9 }).length
    queue.push(...(chunk.imports ?? []))
  }
  return { files: [...seen], gzipBytes }
}

/** Fails `vite build` when the initial page load exceeds `limitBytes` of gzipped JavaScript. */
export function initialLoadBudget(limitBytes: number): Plugin {
  return {
    name: 'canopy:initial-load-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const load = measureInitialLoad(bundle)
      const kb = (load.gzipBytes / 1024).toFixed(1)
      if (load.gzipBytes > limitBytes) {
        this.error(`initial page load is ${kb} KB gzipped JS, over the ${(limitBytes / 1024).toFixed(0)} KB budget (${load.files.join(', ')})`)
      }
      this.info(`initial page load: ${kb} KB gzipped JS in ${load.files.length} file(s)`)
    },
  }
}
