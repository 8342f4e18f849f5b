/**
 * Test support: loads the shared semantics corpus with key order and types intact.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseOrdered, printOrdered, toValue } from './ordered-json.js'
import type { OJson } from './ordered-json.js'
import type { BsonDocument, BsonValue } from '../values.js'

/**
 * Where the shared corpus lives: `shared/` beside the repository, as on a developer's machine and
 * in CI. A missing corpus fails the suites that need it rather than skipping them.
 */
export const CORPUS_PATH = fileURLToPath(new URL('../../../../../../shared/semantics/real-server-semantics.json', import.meta.url))

/** One corpus case with its inputs as engine values and its expected output as canonical text. */
export interface CorpusCase {
  readonly id: string
  readonly kind: 'query' | 'update' | 'aggregate' | 'sql'
  readonly input: ReadonlyMap<string, BsonValue>
  readonly raw: ReadonlyMap<string, OJson>
  /** Expected error code, when the case is an error case. */
  readonly error?: number
  /** Expected result list, each element printed canonically. */
  readonly result?: string[]
  /** Expected info object (updates), printed canonically. */
  readonly info?: string
}

export interface Corpus {
  readonly dataset: BsonDocument[]
  readonly cases: CorpusCase[]
}

function entries(j: OJson): [string, OJson][] {
  if (j === null || typeof j !== 'object' || Array.isArray(j)) throw new Error('expected an object')
  return j.entries
}

/** Loads and converts the corpus. */
export function loadCorpus(path = CORPUS_PATH): Corpus {
  const root = new Map(entries(parseOrdered(readFileSync(path, 'utf8'))))
  const dataset = (root.get('dataset') as OJson[]).map((d) => toValue(d) as BsonDocument)
  const cases = (root.get('cases') as OJson[]).map((c): CorpusCase => {
    const m = new Map(entries(c))
    const input = new Map<string, BsonValue>()
    for (const [k, v] of m) if (k !== 'result' && k !== 'info' && k !== 'id' && k !== 'kind') input.set(k, toValue(v))
    const res = m.get('result')
    const err = m.get('error')
    const info = m.get('info')
    return {
      id: m.get('id') as string,
      kind: m.get('kind') as CorpusCase['kind'],
      input,
      raw: m,
      ...(typeof err === 'number' ? { error: err } : {}),
      ...(Array.isArray(res) ? { result: res.map(printOrdered) } : {}),
      ...(info !== undefined ? { info: printOrdered(info) } : {}),
    }
  })
  return { dataset, cases }
}
