/**
 * Streamed import of NDJSON, a JSON array, or CSV into a collection: rows are parsed as they
 * arrive, inserted in batches, and every bad row is reported with its row number and reason,
 * without stopping the rest.
 */
import type { DataFormat, ImportEvent } from '@canopy/api-contract'
import { CsvParser, JsonArraySplitter, NdjsonSplitter, csvCellToTyped, setPath } from './data-formats.js'
import type { CsvRecord, RowText } from './data-formats.js'
import { translateError } from './errors.js'
import type { CollectionPort, Doc } from './sdb-port.js'
import { toDoc } from './typed.js'

/** Rows per insert. */
export const IMPORT_BATCH = 500

interface PendingRow {
  readonly row: number
  readonly doc: Doc
}

/** Options of {@link importDocuments}. */
export interface ImportOptions {
  readonly format: DataFormat
  /** Called for every progress, error and done event, in order. */
  readonly onEvent: (event: ImportEvent) => void
  readonly signal?: AbortSignal | undefined
  /** Stop reporting individual errors after this many (the count goes on). Default 1000. */
  readonly maxReportedErrors?: number
}

/** Imports a text stream; resolves with the final counts once everything is inserted. */
export async function importDocuments(collection: CollectionPort, chunks: AsyncIterable<string>, options: ImportOptions): Promise<ImportEvent & { type: 'done' }> {
  const maxErrors = options.maxReportedErrors ?? 1000
  let rows = 0
  let inserted = 0
  let failed = 0
  let reported = 0
  let pending: PendingRow[] = []

  const fail = (row: number, code: string, message: string) => {
    failed++
    if (reported < maxErrors) {
      reported++
      options.onEvent({ type: 'error', row, code, message })
    }
  }

  // A bulk insert stops at its first bad record and keeps the ones before it (as SequoiaDB does),
  // so after a failure the record count says how far it got: that row failed, the rest is retried.
  // (Writers outside this import would skew the count; an import is meant to run alone.)
  let expected: bigint | undefined
  const flush = async () => {
    if (pending.length === 0) return
    let rest = pending
    pending = []
    expected ??= await collection.count({ signal: options.signal })
    while (rest.length > 0) {
      try {
        const r = await collection.insert(
          rest.map((p) => p.doc),
          { signal: options.signal },
        )
        inserted += r.ids.length
        expected += BigInt(r.ids.length)
        rest = []
      } catch (err) {
        if (options.signal?.aborted) throw err
        const now = await collection.count({ signal: options.signal })
        const done = Number(now - expected)
        const k = Math.min(Math.max(done, 0), rest.length - 1)
        inserted += k
        expected = now
        const t = translateError(err)
        fail(rest[k]!.row, t.body.code, t.body.message)
        rest = rest.slice(k + 1)
      }
    }
    options.onEvent({ type: 'progress', rows, inserted, failed })
  }

  const addJson = async (r: RowText) => {
    rows++
    let json: unknown
    try {
      json = JSON.parse(r.text)
    } catch (err) {
      fail(r.row, 'VALIDATION_ERROR', `not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
      return
    }
    addDoc(r.row, json)
    if (pending.length >= IMPORT_BATCH) await flush()
  }

  const addDoc = (row: number, json: unknown) => {
    try {
      pending.push({ row, doc: toDoc(json, `row ${row}`, 'value') })
    } catch (err) {
      const t = translateError(err)
      fail(row, t.body.code, t.body.message)
    }
  }

  let header: string[] | undefined
  const addCsv = async (rec: CsvRecord) => {
    if (header === undefined) {
      header = rec.cells.map((c) => c.value.trim())
      if (header.some((h) => h === '') || new Set(header).size !== header.length) {
        throw new ImportFormatError('the CSV header must name every column once')
      }
      return
    }
    rows++
    if (rec.cells.length !== header.length) {
      fail(rec.row, 'VALIDATION_ERROR', `expected ${header.length} cells, found ${rec.cells.length}`)
      return
    }
    const doc: Record<string, unknown> = {}
    rec.cells.forEach((cell, i) => {
      const v = csvCellToTyped(cell)
      if (v !== undefined) setPath(doc, header![i]!, v)
    })
    addDoc(rec.row, doc)
    if (pending.length >= IMPORT_BATCH) await flush()
  }

  try {
    if (options.format === 'csv') {
      const parser = new CsvParser()
      for await (const chunk of chunks) for (const rec of parser.push(chunk)) await addCsv(rec)
      for (const rec of parser.end()) await addCsv(rec)
    } else {
      const splitter = options.format === 'ndjson' ? new NdjsonSplitter() : new JsonArraySplitter()
      for await (const chunk of chunks) for (const r of splitter.push(chunk)) await addJson(r)
      for (const r of splitter.end()) await addJson(r)
    }
  } catch (err) {
    if (err instanceof Error && (err.name === 'JsonShapeError' || err instanceof ImportFormatError)) {
      await flush()
      fail(rows + 1, 'VALIDATION_ERROR', err.message)
      const done = { type: 'done' as const, rows, inserted, failed }
      options.onEvent(done)
      return done
    }
    throw err
  }
  await flush()
  const done = { type: 'done' as const, rows, inserted, failed }
  options.onEvent(done)
  return done
}

/** The input is not in the announced format (bad CSV header). */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError'
}
