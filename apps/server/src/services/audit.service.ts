import type { AuditPage, AuditQuery } from '@canopy/api-contract'
import type { AuditRepo, NewAuditEntry } from '../store/index.js'

/** Keys whose values never reach the audit log. */
const SECRET_KEY = /pass(word)?|secret|token|credential/i
/** Larger parameter sets are cut to a preview, so a bulk insert cannot bloat the log. */
const MAX_PARAMS_CHARS = 16 * 1024

/** Copies `value` with every secret-looking field replaced by "[redacted]". */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 32) return '[too deep]'
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redactSecrets(v, depth + 1)
    return out
  }
  return value
}

/** Redacts and bounds request parameters for the log. */
export function auditParams(value: unknown): unknown {
  if (value === undefined) return undefined
  const redacted = redactSecrets(value)
  const text = JSON.stringify(redacted)
  if (text === undefined) return undefined
  return text.length <= MAX_PARAMS_CHARS ? redacted : { truncated: true, preview: text.slice(0, MAX_PARAMS_CHARS) }
}

/** The append-only audit log: write one row per state-changing request; admins read it. */
export class AuditService {
  readonly #repo: AuditRepo
  constructor(repo: AuditRepo) {
    this.#repo = repo
  }

  /** Appends one row (params are redacted and bounded here, before/after kept as given). */
  append(entry: NewAuditEntry): number {
    return this.#repo.append({ ...entry, params: auditParams(entry.params) })
  }

  /** A page of the log, newest first. */
  list(query: AuditQuery): AuditPage {
    const entries = this.#repo.list({ limit: query.limit, before: query.before, actor: query.actor, action: query.action })
    const last = entries.at(-1)
    return entries.length === query.limit && last ? { entries, nextBefore: last.id } : { entries }
  }
}
