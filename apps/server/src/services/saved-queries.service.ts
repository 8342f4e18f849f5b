import { randomUUID } from 'node:crypto'
import type { CreateSavedQueryRequest, SavedQuery, SessionUser } from '@canopy/api-contract'
import { HttpError } from '../middleware/http-error.js'
import type { SavedQueriesRepo } from '../store/index.js'

/** Saved queries: private to their owner or shared with every console user. */
export class SavedQueriesService {
  readonly #repo: SavedQueriesRepo
  constructor(repo: SavedQueriesRepo) {
    this.#repo = repo
  }

  /** The caller's own queries and every shared one. */
  list(user: SessionUser, filter: { cluster?: string | undefined; collection?: string | undefined }): SavedQuery[] {
    return this.#repo.listVisible(user.username, filter)
  }

  /** Saves a query owned by the caller. */
  create(user: SessionUser, req: CreateSavedQueryRequest): SavedQuery {
    const now = new Date().toISOString()
    const q: SavedQuery = { id: randomUUID(), owner: user.username, createdAt: now, updatedAt: now, ...req }
    this.#repo.insert(q)
    return q
  }

  /**
   * Deletes a query: its owner may, and an admin may delete a shared one. Another user's private
   * query answers 404, so its existence does not leak.
   */
  delete(user: SessionUser, id: string): SavedQuery {
    const q = this.#repo.find(id)
    const own = q !== undefined && q.owner.toLowerCase() === user.username.toLowerCase()
    if (!q || (!own && q.visibility === 'private')) throw HttpError.notFound(`No saved query "${id}"`)
    if (!own && user.role !== 'admin') throw HttpError.forbidden('Only the owner or an admin may delete a shared query')
    this.#repo.delete(id)
    return q
  }
}
