import { effectiveKind, parseTypedJson, type BsonKind } from '../../../lib/typed-json.js'

/** The first rows of an import file and the BSON types found per field. */
export interface ImportPreview {
  readonly format: 'ndjson' | 'json' | 'csv'
  readonly fields: readonly { readonly name: string; readonly kinds: readonly BsonKind[] }[]
  readonly rows: readonly (readonly string[])[]
  /** Why the head of the file could not be read: a typed-JSON error or {@link RowNotObjectError}. */
  readonly error?: unknown
}

/** A JSON or NDJSON row that is not an object. */
export class RowNotObjectError extends Error {
  constructor() {
    super('Each row must be a JSON object')
    this.name = 'RowNotObjectError'
  }
}

/** Guesses the format from the file name. */
export function formatOf(fileName: string): 'ndjson' | 'json' | 'csv' {
  const n = fileName.toLowerCase()
  if (n.endsWith('.csv')) return 'csv'
  if (n.endsWith('.json')) return 'json'
  return 'ndjson'
}

function csvSplit(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i)
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++ }
      else if (c === '"') quoted = false
      else cur += c
    } else if (c === '"') quoted = true
    else if (c === ',') { out.push(cur); cur = '' }
    else cur += c
  }
  out.push(cur)
  return out
}

function csvKind(v: string): BsonKind {
  if (v === '') return 'null'
  if (/^-?\d+$/.test(v)) return Math.abs(Number(v)) <= 2147483647 ? 'int32' : 'int64'
  if (/^-?\d*\.\d+(?:[eE][+-]?\d+)?$/.test(v)) return 'double'
  if (v === 'true' || v === 'false') return 'bool'
  return 'string'
}

/** Reads the head of a file (a few KB) and describes the first `n` rows. */
export function previewImport(head: string, format: 'ndjson' | 'json' | 'csv', n = 5): ImportPreview {
  const kinds = new Map<string, Set<BsonKind>>()
  const note = (name: string, k: BsonKind) => {
    const s = kinds.get(name) ?? new Set<BsonKind>()
    s.add(k)
    kinds.set(name, s)
  }
  const rows: string[][] = []
  try {
    if (format === 'csv') {
      const lines = head.split(/\r?\n/).filter((l) => l !== '')
      const header = csvSplit(lines[0] ?? '')
      for (const line of lines.slice(1, n + 1)) {
        const cells = csvSplit(line)
        header.forEach((h, i) => note(h, csvKind(cells[i] ?? '')))
        rows.push(cells)
      }
    } else {
      let texts: string[]
      if (format === 'ndjson') texts = head.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, n)
      else {
        // Only the head of a JSON array is read: take whole top-level objects from it.
        texts = []
        let depth = 0, start = -1, inStr = false
        for (let i = 0; i < head.length && texts.length < n; i++) {
          const c = head[i]
          if (inStr) { if (c === '\\') i++; else if (c === '"') inStr = false; continue }
          if (c === '"') inStr = true
          else if (c === '{') { if (depth === 0) start = i; depth++ }
          else if (c === '}') { depth--; if (depth === 0 && start >= 0) texts.push(head.slice(start, i + 1)) }
        }
      }
      for (const text of texts) {
        const v = parseTypedJson(text)
        if (v.kind !== 'object') throw new RowNotObjectError()
        for (const [k, x] of v.entries) note(k, effectiveKind(x))
        rows.push([text])
      }
    }
  } catch (e) {
    return { format, fields: [], rows, error: e }
  }
  return { format, fields: [...kinds].map(([name, s]) => ({ name, kinds: [...s] })), rows }
}
