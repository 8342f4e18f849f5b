/**
 * Streaming codecs for export and import: NDJSON, a JSON array, and CSV. Each splitter takes the
 * input in chunks of any size and hands back whole records, so a large file never sits in memory.
 * They work on typed JSON; the BSON conversion happens in the data service.
 */

/** A record from a splitter: its 1-based row number and its text (or CSV cells). */
export interface RowText {
  readonly row: number
  readonly text: string
}

/** Splits newline-delimited JSON into lines; blank lines are skipped but counted. */
export class NdjsonSplitter {
  #rest = ''
  #row = 0

  /** Feeds a chunk; returns the complete lines it finished. */
  push(chunk: string): RowText[] {
    const text = this.#rest + chunk
    const lines = text.split('\n')
    this.#rest = lines.pop() ?? ''
    return this.#emit(lines)
  }

  /** Flushes the last line (a file need not end with a newline). */
  end(): RowText[] {
    const last = this.#rest
    this.#rest = ''
    return this.#emit([last])
  }

  #emit(lines: string[]): RowText[] {
    const out: RowText[] = []
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
      this.#row++
      if (line.trim() !== '') out.push({ row: this.#row, text: line })
    }
    return out
  }
}

/** A JSON input that is not an array of values. */
export class JsonShapeError extends Error {
  override readonly name = 'JsonShapeError'
}

/**
 * Splits a top-level JSON array into the text of its elements without parsing them, by tracking
 * strings and nesting depth; the caller parses each element on its own.
 */
export class JsonArraySplitter {
  #state: 'before' | 'between' | 'inside' | 'after' = 'before'
  #depth = 0
  #inString = false
  #escape = false
  #current = ''
  #row = 0

  /** Feeds a chunk; returns the elements it finished. */
  push(chunk: string): RowText[] {
    const out: RowText[] = []
    for (const ch of chunk) {
      if (this.#state === 'before') {
        if (/\s/.test(ch) || ch === '\uFEFF') continue
        if (ch !== '[') throw new JsonShapeError('a JSON import must be an array of documents ("[...]")')
        this.#state = 'between'
        continue
      }
      if (this.#state === 'after') {
        if (!/\s/.test(ch)) throw new JsonShapeError('unexpected text after the closing "]"')
        continue
      }
      if (this.#state === 'between') {
        if (/\s/.test(ch) || ch === ',') continue
        if (ch === ']') {
          this.#state = 'after'
          continue
        }
        this.#state = 'inside'
        this.#current = ''
        this.#depth = 0
      }
      // inside an element
      if (this.#inString) {
        this.#current += ch
        if (this.#escape) this.#escape = false
        else if (ch === '\\') this.#escape = true
        else if (ch === '"') this.#inString = false
        continue
      }
      if (this.#depth === 0 && (ch === ',' || ch === ']')) {
        out.push({ row: ++this.#row, text: this.#current })
        this.#current = ''
        this.#state = ch === ']' ? 'after' : 'between'
        continue
      }
      this.#current += ch
      if (ch === '"') this.#inString = true
      else if (ch === '{' || ch === '[') this.#depth++
      else if (ch === '}' || ch === ']') this.#depth--
      if (this.#current.length > 16 * 1024 * 1024) throw new JsonShapeError(`element ${this.#row + 1} is larger than 16 MB`)
    }
    return out
  }

  /** Checks the array was closed. */
  end(): RowText[] {
    if (this.#state === 'before') return []
    if (this.#state !== 'after') throw new JsonShapeError('the JSON array is not closed ("]" missing)')
    return []
  }
}

/** One CSV cell and whether it was quoted (a quoted cell is always a string on import). */
export interface CsvCell {
  readonly value: string
  readonly quoted: boolean
}

/** A CSV record with its 1-based line number (of its first line). */
export interface CsvRecord {
  readonly row: number
  readonly cells: readonly CsvCell[]
}

/** RFC 4180 CSV, streamed: quotes, doubled quotes, CRLF or LF, newlines inside quotes. */
export class CsvParser {
  #cells: CsvCell[] = []
  #cell = ''
  #quoted = false
  #inQuotes = false
  #quotePending = false
  #line = 1
  #recordLine = 1
  #sawAny = false

  /** Feeds a chunk; returns the records it finished. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = []
    for (const ch of chunk) {
      if (this.#inQuotes) {
        if (this.#quotePending) {
          this.#quotePending = false
          if (ch === '"') {
            this.#cell += '"'
            continue
          }
          this.#inQuotes = false
          // fall through: the quote closed the cell's quoted part
        } else if (ch === '"') {
          this.#quotePending = true
          continue
        } else {
          if (ch === '\n') this.#line++
          this.#cell += ch
          continue
        }
      }
      this.#sawAny = true
      if (ch === '"' && this.#cell === '' && !this.#quoted) {
        this.#inQuotes = true
        this.#quoted = true
      } else if (ch === ',') {
        this.#endCell()
      } else if (ch === '\n') {
        this.#line++
        this.#endCell()
        out.push(this.#endRecord())
      } else if (ch === '\r') {
        // CRLF: the LF ends the record
      } else {
        this.#cell += ch
      }
    }
    return out
  }

  /** Flushes the last record. */
  end(): CsvRecord[] {
    if (this.#quotePending) {
      this.#quotePending = false
      this.#inQuotes = false
    }
    if (this.#inQuotes) throw new JsonShapeError(`unterminated quoted cell starting on line ${this.#recordLine}`)
    if (!this.#sawAny && this.#cells.length === 0 && this.#cell === '') return []
    this.#endCell()
    const rec = this.#endRecord()
    return rec.cells.length === 1 && rec.cells[0]!.value === '' && !rec.cells[0]!.quoted ? [] : [rec]
  }

  #endCell(): void {
    this.#cells.push({ value: this.#cell, quoted: this.#quoted })
    this.#cell = ''
    this.#quoted = false
  }

  #endRecord(): CsvRecord {
    const rec = { row: this.#recordLine, cells: this.#cells }
    this.#cells = []
    this.#recordLine = this.#line
    this.#sawAny = false
    return rec
  }
}

/** Quotes a CSV cell when it needs it. */
export function csvEscape(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value
}

/** One CSV line from cells. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvEscape).join(',')}\r\n`
}

const numberTags = ['$numberInt', '$numberLong', '$numberDouble', '$decimal'] as const

/**
 * A typed-JSON value as a CSV cell: strings as they are, tagged numbers as their digits (so a
 * spreadsheet reads them), missing as empty, anything else as its typed JSON text.
 */
export function typedToCsvCell(value: unknown): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value === null) return 'null'
  if (typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value)
    const tag = keys[0]
    if (keys.length === 1 && tag !== undefined && (numberTags as readonly string[]).includes(tag)) {
      const text = (value as Record<string, unknown>)[tag]
      if (typeof text === 'string') return text
    }
  }
  return JSON.stringify(value)
}

/**
 * A CSV cell as a typed-JSON value for import. Quoted cells are strings; an empty unquoted cell
 * means "no such field" (undefined); `true`/`false`/`null`, numbers, and cells holding JSON
 * objects or arrays (typed JSON such as `{"$date":"2024-01-02"}`) are parsed; the rest are
 * strings. Integers become int32 or int64 by range, other numbers doubles.
 */
export function csvCellToTyped(cell: CsvCell): unknown {
  if (cell.quoted) return cell.value
  const v = cell.value.trim()
  if (v === '') return undefined
  if (v === 'true') return true
  if (v === 'false') return false
  if (v === 'null') return null
  if (/^-?\d+$/.test(v)) {
    const n = BigInt(v)
    if (n >= -2147483648n && n <= 2147483647n) return { $numberInt: n.toString() }
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return { $numberLong: n.toString() }
    return { $decimal: v }
  }
  if (/^-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/.test(v)) return { $numberDouble: v }
  if ((v.startsWith('{') && v.endsWith('}')) || (v.startsWith('[') && v.endsWith(']'))) {
    try {
      return JSON.parse(v) as unknown
    } catch {
      return cell.value
    }
  }
  return cell.value
}

/** Sets a dotted path in a plain object, creating parents (`a.b` -> `{a:{b:..}}`). */
export function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const steps = path.split('.')
  let cur = doc
  for (const step of steps.slice(0, -1)) {
    const next = cur[step]
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) cur = next as Record<string, unknown>
    else {
      const created: Record<string, unknown> = {}
      cur[step] = created
      cur = created
    }
  }
  cur[steps.at(-1)!] = value
}

/** The dotted paths of a typed-JSON document's leaves (typed values count as leaves), in order. */
export function leafPaths(doc: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = []
  for (const [k, v] of Object.entries(doc)) {
    const path = prefix === '' ? k : `${prefix}.${k}`
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.keys(v).some((x) => x.startsWith('$')) && Object.keys(v).length > 0) {
      out.push(...leafPaths(v as Record<string, unknown>, path))
    } else out.push(path)
  }
  return out
}
