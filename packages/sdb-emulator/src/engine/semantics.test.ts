import { describe, expect, it } from 'vitest'
import { loadCorpus } from './testing/corpus.js'
import { matchesRecorded, runCase } from './testing/run-case.js'

describe('the real-server semantics corpus', () => {
  const { dataset, cases } = loadCorpus()

  for (const kind of ['query', 'update', 'aggregate', 'sql'] as const) {
    it(`answers every ${kind} case as the real server did`, () => {
      const failures: string[] = []
      const mine = cases.filter((c) => c.kind === kind)
      for (const c of mine) {
        const got = runCase(c, dataset)
        if (!matchesRecorded(c, got)) failures.push(`${c.id}: got ${JSON.stringify(got)}`)
      }
      expect(mine.length).toBeGreaterThan(0)
      // Reported so the pass count is visible in the test output.
      console.info(`${kind}: ${mine.length - failures.length}/${mine.length} cases match the real server`)
      expect(failures).toEqual([])
    })
  }
})
