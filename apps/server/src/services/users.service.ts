import type { CreateUserRequest, UpdateUserRequest, User } from '@canopy/api-contract'
import { HttpError } from '../middleware/http-error.js'
import type { SessionStore, UserRecord, UsersRepo } from '../store/index.js'
import { hashPassword } from './auth.service.js'

const toUser = (u: UserRecord): User => ({ username: u.username, role: u.role, mustChangePassword: u.mustChangePassword, createdAt: u.createdAt, updatedAt: u.updatedAt })

/** Console user management; refuses to leave the console without an admin. */
export class UsersService {
  readonly #users: UsersRepo
  readonly #sessions: SessionStore

  constructor(users: UsersRepo, sessions: SessionStore) {
    this.#users = users
    this.#sessions = sessions
  }

  /** Every user. */
  list(): User[] {
    return this.#users.list().map(toUser)
  }

  /** Creates a user; 409 when the name is taken (names are case-insensitive). */
  async create(req: CreateUserRequest): Promise<User> {
    const passwordHash = await hashPassword(req.password)
    const now = new Date().toISOString()
    const record: UserRecord = { username: req.username, passwordHash, role: req.role, mustChangePassword: req.mustChangePassword === true, createdAt: now, updatedAt: now }
    if (!this.#users.insert(record)) throw HttpError.conflict(`User "${req.username}" already exists`)
    return toUser(record)
  }

  /**
   * Changes role, password and/or the one-time flag. A password change ends the user's sessions,
   * and clears the flag unless `mustChangePassword: true` comes with it.
   */
  async update(username: string, change: UpdateUserRequest): Promise<User> {
    const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password)
    const updated = this.#users.transaction(() => {
      const user = this.#users.find(username)
      if (!user) throw HttpError.notFound(`No user "${username}"`)
      if (user.role === 'admin' && change.role !== undefined && change.role !== 'admin' && this.#users.countByRole('admin') <= 1) {
        throw HttpError.conflict('The last admin cannot lose the admin role')
      }
      const mustChangePassword = change.mustChangePassword ?? (passwordHash === undefined ? undefined : false)
      this.#users.update(user.username, { role: change.role, passwordHash, mustChangePassword }, new Date().toISOString())
      return this.#users.find(user.username)!
    })
    if (passwordHash !== undefined) this.#sessions.destroyForUser(updated.username)
    return toUser(updated)
  }

  /** Removes a user and ends their sessions; the last admin stays. */
  delete(username: string): void {
    const removed = this.#users.transaction(() => {
      const user = this.#users.find(username)
      if (!user) throw HttpError.notFound(`No user "${username}"`)
      if (user.role === 'admin' && this.#users.countByRole('admin') <= 1) throw HttpError.conflict('The last admin cannot be removed')
      this.#users.delete(user.username)
      return user.username
    })
    this.#sessions.destroyForUser(removed)
  }
}
