import { randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import type { Role, SessionUser } from '@canopy/api-contract'
import type { UsersRepo } from '../store/index.js'

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

/** Signs users in; knows nothing about HTTP. */
export class AuthService {
  readonly #users: UsersRepo
  // Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
  #dummyHash: Promise<string> | undefined

  constructor(users: UsersRepo) {
    this.#users = users
  }

  /** The user if the password matches, else undefined. */
  async authenticate(username: string, password: string): Promise<SessionUser | undefined> {
    const user = this.#users.find(username)
    if (!user) {
      this.#dummyHash ??= hashPassword(generatePassword())
      await verify(await this.#dummyHash, password).catch(() => false)
      return undefined
    }
    const ok = await verify(user.passwordHash, password).catch(() => false)
    return ok ? { username: user.username, role: user.role } : undefined
  }

  /** The current role of a signed-in user (roles may change while a session lives), or undefined if removed. */
  currentUser(username: string): SessionUser | undefined {
    const user = this.#users.find(username)
    return user ? { username: user.username, role: user.role } : undefined
  }

  /**
   * Makes sure an admin exists. On the first start it creates `admin` with the given password, or a
   * generated one that it returns so main.ts can print it once.
   */
  async ensureAdmin(initialPassword: string | undefined): Promise<{ created: boolean; username: string; password?: string }> {
    if (this.#users.count() > 0) return { created: false, username: 'admin' }
    const password = initialPassword ?? generatePassword()
    const now = new Date().toISOString()
    const role: Role = 'admin'
    this.#users.insert({ username: 'admin', passwordHash: await hashPassword(password), role, createdAt: now, updatedAt: now })
    return initialPassword === undefined ? { created: true, username: 'admin', password } : { created: true, username: 'admin' }
  }
}
