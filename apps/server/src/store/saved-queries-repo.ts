import type { SavedQuery } from '@canopy/api-contract'
import type { StoreDatabase } from './database.js'

interface SavedQueryRow {
  id: string
  owner: string
  name: string
  visibility: SavedQuery['visibility']
  cluster: string
  collection: string
  query: string
  created_at: string
  updated_at: string
}

const toQuery = (r: SavedQueryRow): SavedQuery => ({
  id: r.id,
  owner: r.owner,
  name: r.name,
  visibility: r.visibility,
  cluster: r.cluster,
  collection: r.collection,
  query: JSON.parse(r.query) as SavedQuery['query'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

/** SQL access to saved queries. */
export class SavedQueriesRepo {
  readonly #db: StoreDatabase
  constructor(db: StoreDatabase) {
    this.#db = db
  }

  /** The queries `owner` may see: their own and every shared one, optionally narrowed. */
  listVisible(owner: string, filter: { cluster?: string | undefined; collection?: string | undefined }): SavedQuery[] {
    const where = ["(owner = ? COLLATE NOCASE OR visibility = 'shared')"]
    const args: string[] = [owner]
    if (filter.cluster !== undefined) {
      where.push('cluster = ?')
      args.push(filter.cluster)
    }
    if (filter.collection !== undefined) {
      where.push('collection = ?')
      args.push(filter.collection)
    }
    return this.#db
      .prepare<string[], SavedQueryRow>(`SELECT * FROM saved_queries WHERE ${where.join(' AND ')} ORDER BY name, id`)
      .all(...args)
      .map(toQuery)
  }

  /** One query by id. */
  find(id: string): SavedQuery | undefined {
    const row = this.#db.prepare<[string], SavedQueryRow>('SELECT * FROM saved_queries WHERE id = ?').get(id)
    return row ? toQuery(row) : undefined
  }

  /** Stores a query. */
  insert(q: SavedQuery): void {
    this.#db
      .prepare('INSERT INTO saved_queries (id, owner, name, visibility, cluster, collection, query, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(q.id, q.owner, q.name, q.visibility, q.cluster, q.collection, JSON.stringify(q.query), q.createdAt, q.updatedAt)
  }

  /** Removes a query; false when there was none. */
  delete(id: string): boolean {
    return this.#db.prepare('DELETE FROM saved_queries WHERE id = ?').run(id).changes === 1
  }
}
