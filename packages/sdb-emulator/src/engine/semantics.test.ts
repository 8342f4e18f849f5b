import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SdbFault } from './fault.js'
import { runQuery } from './query.js'
import { CORPUS_PATH, loadCorpus } from './testing/corpus.js'
import type { CorpusCase } from './testing/corpus.js'
import { canonicalJson } from './testing/ordered-json.js'
import type { BsonDocument, BsonValue } from './values.js'

type Outcome = { error: number } | { result: string[]; info?: string }

function asDoc(v: BsonValue | undefined): BsonDocument | null {
  return v === undefined || v === null ? null : (v as BsonDocument)
}

function asInt(v: BsonValue | undefined, dflt: number): number {
  return typeof v === 'number' ? v : v === undefined ? dflt : Number(v)
}

function runQueryCase(c: CorpusCase, dataset: readonly BsonDocument[]): Outcome {
  const selector = asDoc(c.input.get('selector'))
  const docs = runQuery(dataset, {
    condition: asDoc(c.input.get('condition')),
    selector,
    orderBy: asDoc(c.input.get('orderBy')),
    skip: asInt(c.input.get('skip'), 0),
    limit: asInt(c.input.get('limit'), -1),
  })
  return { result: docs.map((d) => canonicalJson(selector === null ? d._id : d)) }
}

const runners: Partial<Record<CorpusCase['kind'], (c: CorpusCase, dataset: readonly BsonDocument[]) => Outcome>> = {
  query: runQueryCase,
}

function outcome(c: CorpusCase, dataset: readonly BsonDocument[]): Outcome {
  const run = runners[c.kind]
  if (!run) return { error: 0 }
  try {
    return run(c, dataset)
  } catch (e) {
    if (e instanceof SdbFault) return { error: e.code }
    throw e
  }
}

function matches(c: CorpusCase, got: Outcome): boolean {
  if (c.error !== undefined) return 'error' in got && got.error === c.error
  if ('error' in got) return false
  const ordered = c.raw.get('ordered') !== false
  const want = c.result ?? []
  const a = ordered ? got.result : [...got.result].sort()
  const b = ordered ? want : [...want].sort()
  if (JSON.stringify(a) !== JSON.stringify(b)) return false
  return c.info === undefined || got.info === c.info
}

describe.runIf(existsSync(CORPUS_PATH))('the real-server semantics corpus', () => {
  const { dataset, cases } = existsSync(CORPUS_PATH) ? loadCorpus() : { dataset: [], cases: [] }

  for (const kind of ['query'] as const) {
    it(`answers every ${kind} case as the real server did`, () => {
      const failures: string[] = []
      const mine = cases.filter((c) => c.kind === kind)
      for (const c of mine) {
        const got = outcome(c, dataset)
        if (!matches(c, got)) failures.push(`${c.id}: got ${JSON.stringify(got)}`)
      }
      expect(mine.length).toBeGreaterThan(0)
      expect(failures).toEqual([])
    })
  }
})
