import { randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import type { Role, SessionUser } from '@canopy/api-contract'
import type { UserRecord, UsersRepo } from '../store/index.js'

// @node-rs/argon2 hashes with argon2id by default; these are OWASP's minimums for argon2id
// (19 MiB, 2 passes), which keep a login under ~50 ms on this 2-core machine.
const HASH_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS)
}

/** A random password for the first admin: 24 characters of URL-safe base64 (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url')
}

/** A signed-in user as the server tracks it: the API's user plus the one-time password flag. */
export interface Account {
  readonly user: SessionUser
  /** True while the password is a one-time one that must be changed before anything else. */
  readonly mustChangePassword: boolean
}

const toAccount = (u: UserRecord): Account => ({ user: { username: u.username, role: u.role }, mustChangePassword: u.mustChangePassword })

/** Signs users in; knows nothing about HTTP. */
export class AuthService {
  readonly #users: UsersRepo
  // Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
  #dummyHash: Promise<string> | undefined

  constructor(users: UsersRepo) {
    this.#users = users
  }

  /** The account if the password matches, else undefined. */
  async authenticate(username: string, password: string): Promise<Account | undefined> {
    const user = this.#users.find(username)
    if (!user) {
      this.#dummyHash ??= hashPassword(generatePassword())
      await verify(await this.#dummyHash, password).catch(() => false)
      return undefined
    }
    const ok = await verify(user.passwordHash, password).catch(() => false)
    return ok ? toAccount(user) : undefined
  }

  /** The current role and flag of a signed-in user (both may change while a session lives), or undefined if removed. */
  currentAccount(username: string): Account | undefined {
    const user = this.#users.find(username)
    return user ? toAccount(user) : undefined
  }

  /**
   * Makes sure an admin exists. On the first start it creates `admin` with the given password, or a
   * generated one that it returns so main.ts can print it once. A generated password is one-time:
   * the admin must replace it at the first sign-in. A given one (CANOPY_ADMIN_PASSWORD, which
   * scripts and tests use) was chosen by whoever started the console, so it is kept as it is.
   */
  async ensureAdmin(initialPassword: string | undefined): Promise<{ created: boolean; username: string; password?: string }> {
    if (this.#users.count() > 0) return { created: false, username: 'admin' }
    const password = initialPassword ?? generatePassword()
    const now = new Date().toISOString()
    const role: Role = 'admin'
    this.#users.insert({ username: 'admin', passwordHash: await hashPassword(password), role, mustChangePassword: initialPassword === undefined, createdAt: now, updatedAt: now })
    return initialPassword === undefined ? { created: true, username: 'admin', password } : { created: true, username: 'admin' }
  }
}
