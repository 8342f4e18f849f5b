import type { StoreDatabase } from './database.js'

/** Small key/value facts the console keeps (e.g. its session secret). */
export class SettingsRepo {
  readonly #db: StoreDatabase
  constructor(db: StoreDatabase) {
    this.#db = db
  }

  /** The value, or undefined. */
  get(key: string): string | undefined {
    return this.#db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key)?.value
  }

  /** The stored value, or stores and returns `make()` when there is none. */
  getOrCreate(key: string, make: () => string): string {
    const existing = this.get(key)
    if (existing !== undefined) return existing
    const value = make()
    this.#db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, value)
    return this.get(key) ?? value
  }
}
