import type { AuditEntry, AuditResult } from '@canopy/api-contract'
import type { Statement } from 'better-sqlite3'
import type { StoreDatabase } from './database.js'

/** A row to append; id and time are given by the repo. */
export interface NewAuditEntry {
  readonly actor: string | null
  readonly ip: string | null
  readonly method: string
  readonly path: string
  readonly action: string
  readonly target: string | null
  readonly params?: unknown
  readonly result: AuditResult
  readonly status: number | null
  readonly errorCode: string | null
  readonly before?: unknown
  readonly after?: unknown
}

/** Filters for reading the log, newest first. */
export interface AuditFilter {
  readonly limit: number
  readonly before?: number | undefined
  readonly actor?: string | undefined
  readonly action?: string | undefined
}

interface AuditRow {
  id: number
  at: string
  actor: string | null
  ip: string | null
  method: string
  path: string
  action: string
  target: string | null
  params: string | null
  result: AuditResult
  status: number | null
  error_code: string | null
  before_doc: string | null
  after_doc: string | null
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value))
const parse = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text))

/** Append-only SQL access to the audit log (the table's triggers refuse updates and deletes). */
export class AuditRepo {
  readonly #db: StoreDatabase
  // Every state-changing request appends: prepared once, not per row.
  readonly #insert: Statement

  constructor(db: StoreDatabase) {
    this.#db = db
    this.#insert = db.prepare(
      `INSERT INTO audit_log (at, actor, ip, method, path, action, target, params, result, status, error_code, before_doc, after_doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
  }

  /** Appends a row and returns its id. */
  append(entry: NewAuditEntry, at: Date = new Date()): number {
    const info = this.#insert
      .run(
        at.toISOString(),
        entry.actor,
        entry.ip,
        entry.method,
        entry.path,
        entry.action,
        entry.target,
        json(entry.params),
        entry.result,
        entry.status,
        entry.errorCode,
        json(entry.before),
        json(entry.after),
      )
    return Number(info.lastInsertRowid)
  }

  /** Rows newest first, matching the filter. */
  list(filter: AuditFilter): AuditEntry[] {
    const where: string[] = []
    const args: (string | number)[] = []
    if (filter.before !== undefined) {
      where.push('id < ?')
      args.push(filter.before)
    }
    if (filter.actor !== undefined) {
      where.push('actor = ? COLLATE NOCASE')
      args.push(filter.actor)
    }
    if (filter.action !== undefined) {
      where.push('action = ?')
      args.push(filter.action)
    }
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`
    args.push(filter.limit)
    return this.#db
      .prepare<(string | number)[], AuditRow>(sql)
      .all(...args)
      .map((r) => {
        const entry: AuditEntry = {
          id: r.id,
          at: r.at,
          actor: r.actor,
          ip: r.ip,
          method: r.method,
          path: r.path,
          action: r.action,
          target: r.target,
          result: r.result,
          status: r.status,
          errorCode: r.error_code,
        }
        const params = parse(r.params)
        const before = parse(r.before_doc)
        const after = parse(r.after_doc)
        if (params !== undefined) entry.params = params
        if (before !== undefined) entry.before = before
        if (after !== undefined) entry.after = after
        return entry
      })
  }
}
