import type { Role } from '@canopy/api-contract'
import type { Statement } from 'better-sqlite3'
import type { StoreDatabase } from './database.js'

/** A user row, password hash included (never leaves the server). */
export interface UserRecord {
  readonly username: string
  readonly passwordHash: string
  readonly role: Role
  /** The password is a one-time one (generated first admin, or an admin's reset): change it before anything else. */
  readonly mustChangePassword: boolean
  readonly createdAt: string
  readonly updatedAt: string
}

/** A user to insert; the one-time flag defaults to false. */
export type NewUserRecord = Omit<UserRecord, 'mustChangePassword'> & { readonly mustChangePassword?: boolean }

/** What {@link UsersRepo.update} may change. */
export interface UserChange {
  readonly role?: Role | undefined
  readonly passwordHash?: string | undefined
  readonly mustChangePassword?: boolean | undefined
}

interface UserRow {
  username: string
  password_hash: string
  role: Role
  must_change_password: number
  created_at: string
  updated_at: string
}

const toRecord = (r: UserRow): UserRecord => ({
  username: r.username,
  passwordHash: r.password_hash,
  role: r.role,
  mustChangePassword: r.must_change_password === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

/** SQL access to the users table. */
export class UsersRepo {
  readonly #db: StoreDatabase
  // Every signed-in request reads its user (role and one-time flag may change mid-session): prepared
  // once, and remembered until this repository (the users table's only writer) changes any user.
  readonly #find: Statement<[string], UserRow>
  readonly #found = new Map<string, UserRecord | undefined>()

  constructor(db: StoreDatabase) {
    this.#db = db
    this.#find = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?')
  }

  /** The user, matched case-insensitively, or undefined. */
  find(username: string): UserRecord | undefined {
    const key = username.toLowerCase()
    if (this.#found.has(key)) return this.#found.get(key)
    const row = this.#find.get(username)
    const record = row ? toRecord(row) : undefined
    if (this.#found.size >= 1000) this.#found.clear()
    this.#found.set(key, record)
    return record
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
  insert(user: NewUserRecord): boolean {
    this.#found.clear()
    const info = this.#db
      .prepare('INSERT OR IGNORE INTO users (username, password_hash, role, must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(user.username, user.passwordHash, user.role, user.mustChangePassword === true ? 1 : 0, user.createdAt, user.updatedAt)
    return info.changes === 1
  }

  /** Changes role, password hash and/or the one-time flag (what is undefined stays); false when no such user. */
  update(username: string, change: UserChange, now: string): boolean {
    this.#found.clear()
    const flag = change.mustChangePassword === undefined ? null : change.mustChangePassword ? 1 : 0
    const info = this.#db
      .prepare('UPDATE users SET role = COALESCE(?, role), password_hash = COALESCE(?, password_hash), must_change_password = COALESCE(?, must_change_password), updated_at = ? WHERE username = ?')
      .run(change.role ?? null, change.passwordHash ?? null, flag, now, username)
    return info.changes === 1
  }

  /** Removes a user; false when no such user. */
  delete(username: string): boolean {
    this.#found.clear()
    return this.#db.prepare('DELETE FROM users WHERE username = ?').run(username).changes === 1
  }

  /** Runs `fn` in one transaction (e.g. the last-admin checks). */
  transaction<T>(fn: () => T): T {
    try {
      return this.#db.transaction(fn)()
    } finally {
      // A user read inside a transaction that rolled back must not be remembered.
      this.#found.clear()
    }
  }
}
