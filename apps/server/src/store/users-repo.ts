import type { Role } from '@canopy/api-contract'
import type { StoreDatabase } from './database.js'

/** A user row, password hash included (never leaves the server). */
export interface UserRecord {
  readonly username: string
  readonly passwordHash: string
  readonly role: Role
  readonly createdAt: string
  readonly updatedAt: string
}

interface UserRow {
  username: string
  password_hash: string
  role: Role
  created_at: string
  updated_at: string
}

const toRecord = (r: UserRow): UserRecord => ({
  username: r.username,
  passwordHash: r.password_hash,
  role: r.role,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

/** SQL access to the users table. */
export class UsersRepo {
  readonly #db: StoreDatabase
  constructor(db: StoreDatabase) {
    this.#db = db
  }

  /** The user, matched case-insensitively, or undefined. */
  find(username: string): UserRecord | undefined {
    const row = this.#db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?').get(username)
    return row ? toRecord(row) : undefined
  }

  /** Every user, by name. */
  list(): UserRecord[] {
    return this.#db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username').all().map(toRecord)
  }

  /** Number of users with a role. */
  countByRole(role: Role): number {
    const row = this.#db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM users WHERE role = ?').get(role)
    return row?.n ?? 0
  }

  /** Number of users. */
  count(): number {
    return this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users').get()?.n ?? 0
  }

  /** Inserts a user; false when the name is taken. */
  insert(user: UserRecord): boolean {
    const info = this.#db
      .prepare('INSERT OR IGNORE INTO users (username, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(user.username, user.passwordHash, user.role, user.createdAt, user.updatedAt)
    return info.changes === 1
  }

  /** Changes role and/or password hash; false when no such user. */
  update(username: string, change: { role?: Role; passwordHash?: string }, now: string): boolean {
    const info = this.#db
      .prepare('UPDATE users SET role = COALESCE(?, role), password_hash = COALESCE(?, password_hash), updated_at = ? WHERE username = ?')
      .run(change.role ?? null, change.passwordHash ?? null, now, username)
    return info.changes === 1
  }

  /** Removes a user; false when no such user. */
  delete(username: string): boolean {
    return this.#db.prepare('DELETE FROM users WHERE username = ?').run(username).changes === 1
  }

  /** Runs `fn` in one transaction (e.g. the last-admin checks). */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)()
  }
}
