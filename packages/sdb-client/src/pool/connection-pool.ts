import { ErrorCode, SdbApiError, SdbNetworkError, SdbTimeoutError } from '../errors.js'
import { formatHostAddress, type HostAddress } from './host-address.js'

/** What the pool needs from a connection: it never sends anything itself except through `healthCheck`. */
export interface PoolableConnection {
  readonly closed: boolean
  close(): unknown
}

/** Opens one connection to one address; the pool calls it with its own timeout and signal. */
export type Connector<C> = (address: HostAddress, options: { timeoutMs: number; signal?: AbortSignal }) => Promise<C>

/** Options of {@link ConnectionPool}. Every duration is in milliseconds. */
export interface ConnectionPoolOptions<C extends PoolableConnection> {
  /** Coordinator addresses, tried in this order; one that failed goes to the back for `hostRetryDelayMs`. */
  readonly hosts: readonly HostAddress[]
  readonly connect: Connector<C>
  /** Most connections open at once (in use + idle + being opened). Default 10. */
  readonly maxSize?: number
  /** Time allowed to open one connection (TCP, handshake, login). Default 10 000. */
  readonly connectTimeoutMs?: number
  /** Idle connections older than this are closed; 0 keeps them. Default 60 000. */
  readonly idleTimeoutMs?: number
  /** How long an address that refused stays behind the others. Default 5 000. */
  readonly hostRetryDelayMs?: number
  /** A cheap round trip proving a connection still works; used by {@link ConnectionPool.checkHealth}. */
  readonly healthCheck?: (connection: C, signal: AbortSignal) => Promise<void>
  /** Run the health check on idle connections this often; 0 = only on demand. Default 0. */
  readonly healthCheckIntervalMs?: number
}

/** Options of one acquire. */
export interface AcquireOptions {
  readonly signal?: AbortSignal | undefined
  /** Time allowed to wait for a free connection (and to open one). Default: the connect timeout. */
  readonly timeoutMs?: number | undefined
}

interface IdleEntry<C> {
  readonly connection: C
  readonly since: number
}

type Waiter<C> = (connection: C | undefined) => void

/**
 * A bounded pool of connections over several coordinator addresses.
 *
 * Opening fails over to the next address when one is down; a connection that died (server
 * restart, network cut) is noticed through `closed` and replaced by a fresh one on the next
 * acquire, so callers reconnect without doing anything.
 */
export class ConnectionPool<C extends PoolableConnection> {
  readonly #options: ConnectionPoolOptions<C>
  readonly #maxSize: number
  readonly #connectTimeoutMs: number
  readonly #idleTimeoutMs: number
  readonly #hostRetryDelayMs: number
  readonly #idle: IdleEntry<C>[] = []
  readonly #inUse = new Set<C>()
  readonly #waiters: Waiter<C>[] = []
  readonly #hostDownUntil = new Map<number, number>()
  #opening = 0
  #closed = false
  #evictTimer: NodeJS.Timeout | undefined
  #healthTimer: NodeJS.Timeout | undefined

  constructor(options: ConnectionPoolOptions<C>) {
    if (options.hosts.length === 0) throw new SdbApiError('at least one host address is required')
    this.#options = options
    this.#maxSize = Math.max(1, options.maxSize ?? 10)
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 60_000
    this.#hostRetryDelayMs = options.hostRetryDelayMs ?? 5_000
    if (this.#idleTimeoutMs > 0) {
      const every = Math.min(30_000, Math.max(10, Math.floor(this.#idleTimeoutMs / 2)))
      this.#evictTimer = setInterval(() => { this.evictIdle() }, every)
      this.#evictTimer.unref()
    }
    const healthEvery = options.healthCheckIntervalMs ?? 0
    if (healthEvery > 0 && options.healthCheck !== undefined) {
      this.#healthTimer = setInterval(() => { void this.checkHealth() }, healthEvery)
      this.#healthTimer.unref()
    }
  }

  /** Connections open or being opened. */
  get size(): number {
    return this.#idle.length + this.#inUse.size + this.#opening
  }

  /** Connections waiting in the pool for a user. */
  get idleCount(): number {
    return this.#idle.length
  }

  /** Connections lent out. */
  get inUseCount(): number {
    return this.#inUse.size
  }

  /** True once {@link close} was called. */
  get closed(): boolean {
    return this.#closed
  }

  /**
   * Lends a connection: an idle one if any is alive, else a new one while the pool is below
   * `maxSize`, else the next one released. Give it back with {@link release} (or {@link destroy}).
   */
  async acquire(options: AcquireOptions = {}): Promise<C> {
    const timeoutMs = options.timeoutMs ?? this.#connectTimeoutMs
    const deadline = Date.now() + timeoutMs
    for (;;) {
      this.#assertOpen()
      options.signal?.throwIfAborted()
      const idle = this.#takeIdle()
      if (idle !== undefined) return idle
      if (this.size < this.#maxSize) return this.#open(options.signal, deadline)
      const handed = await this.#wait(options.signal, deadline, timeoutMs)
      if (handed !== undefined) {
        if (!handed.closed) {
          this.#inUse.add(handed)
          return handed
        }
        this.#discard(handed)
      }
    }
  }

  /** Returns a connection to the pool; a dead one is dropped and its slot freed. */
  release(connection: C): void {
    if (!this.#inUse.delete(connection)) return
    if (this.#closed || connection.closed) {
      this.#discard(connection)
      return
    }
    const waiter = this.#waiters.shift()
    if (waiter !== undefined) {
      waiter(connection)
      return
    }
    this.#idle.push({ connection, since: Date.now() })
  }

  /** Closes a lent connection instead of returning it (after a protocol or network error). */
  destroy(connection: C): void {
    this.#inUse.delete(connection)
    this.#discard(connection)
  }

  /** Closes idle connections older than `idleTimeoutMs`, and dead ones. */
  evictIdle(now = Date.now()): void {
    for (let i = this.#idle.length - 1; i >= 0; i--) {
      const entry = this.#idle[i]!
      const expired = this.#idleTimeoutMs > 0 && now - entry.since >= this.#idleTimeoutMs
      if (expired || entry.connection.closed) {
        this.#idle.splice(i, 1)
        this.#discard(entry.connection)
      }
    }
  }

  /**
   * Runs the health check on every idle connection and closes the ones that fail.
   * Returns how many were healthy.
   */
  async checkHealth(timeoutMs = this.#connectTimeoutMs): Promise<number> {
    const check = this.#options.healthCheck
    const entries = this.#idle.splice(0)
    let healthy = 0
    await Promise.all(entries.map(async (entry) => {
      if (entry.connection.closed) {
        this.#discard(entry.connection)
        return
      }
      this.#inUse.add(entry.connection)
      try {
        if (check !== undefined) await check(entry.connection, AbortSignal.timeout(timeoutMs))
        healthy++
        this.release(entry.connection)
      } catch {
        this.destroy(entry.connection)
      }
    }))
    return healthy
  }

  /**
   * Closes idle connections now (waiting for them to close) and lent ones when they come back;
   * later acquires fail.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#evictTimer)
    clearInterval(this.#healthTimer)
    for (const waiter of this.#waiters.splice(0)) waiter(undefined)
    const closing = this.#idle.splice(0).map(async (entry) => {
      try {
        await entry.connection.close()
      } catch {
        // Already broken: nothing more to release.
      }
    })
    await Promise.all(closing)
  }

  #assertOpen(): void {
    if (this.#closed) throw new SdbApiError('the client is closed')
  }

  #takeIdle(): C | undefined {
    // Newest first: it is the least likely to have been dropped by a firewall or the server.
    for (let entry = this.#idle.pop(); entry !== undefined; entry = this.#idle.pop()) {
      if (entry.connection.closed) {
        this.#discard(entry.connection)
        continue
      }
      this.#inUse.add(entry.connection)
      return entry.connection
    }
    return undefined
  }

  async #open(signal: AbortSignal | undefined, deadline: number): Promise<C> {
    this.#opening++
    try {
      const connection = await this.#connectAny(signal, deadline)
      if (this.#closed) {
        connection.close()
        this.#assertOpen()
      }
      this.#inUse.add(connection)
      return connection
    } finally {
      this.#opening--
      // A failed open frees a slot that a waiter may use.
      if (this.#inUse.size + this.#idle.length + this.#opening < this.#maxSize) this.#waiters.shift()?.(undefined)
    }
  }

  /** Addresses in preference order: listed order, but those that failed lately go last. */
  #hostOrder(now: number): number[] {
    const up: number[] = []
    const down: number[] = []
    this.#options.hosts.forEach((_, index) => {
      const until = this.#hostDownUntil.get(index)
      if (until !== undefined && until > now) down.push(index)
      else up.push(index)
    })
    down.sort((a, b) => (this.#hostDownUntil.get(a) ?? 0) - (this.#hostDownUntil.get(b) ?? 0))
    return [...up, ...down]
  }

  async #connectAny(signal: AbortSignal | undefined, deadline: number): Promise<C> {
    const failures: string[] = []
    let lastError: unknown
    for (const index of this.#hostOrder(Date.now())) {
      const address = this.#options.hosts[index]!
      const remaining = deadline - Date.now()
      if (remaining <= 0) break
      try {
        const connection = await this.#options.connect(address, {
          timeoutMs: Math.min(remaining, this.#connectTimeoutMs),
          ...(signal === undefined ? {} : { signal }),
        })
        this.#hostDownUntil.delete(index)
        return connection
      } catch (error) {
        if (signal?.aborted === true) throw error
        // A server that answered with an error (bad password...) is not down: do not fail over.
        if (!(error instanceof SdbNetworkError) && !(error instanceof SdbTimeoutError)) throw error
        lastError = error
        this.#hostDownUntil.set(index, Date.now() + this.#hostRetryDelayMs)
        failures.push(`${formatHostAddress(address)}: ${error.message}`)
      }
    }
    if (failures.length === 0) throw new SdbTimeoutError(`no connection could be opened within the time allowed`)
    if (failures.length === 1 && lastError instanceof Error) throw lastError
    throw new SdbNetworkError(`no coordinator could be reached (${failures.join('; ')})`, ErrorCode.NET_CANNOT_CONNECT, { cause: lastError })
  }

  #wait(signal: AbortSignal | undefined, deadline: number, timeoutMs: number): Promise<C | undefined> {
    return new Promise<C | undefined>((resolve, reject) => {
      const remaining = Math.max(0, deadline - Date.now())
      const cleanup = (): void => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        const at = this.#waiters.indexOf(waiter)
        if (at >= 0) this.#waiters.splice(at, 1)
      }
      const waiter: Waiter<C> = (connection) => {
        cleanup()
        resolve(connection)
      }
      const onAbort = (): void => {
        cleanup()
        reject(signal?.reason instanceof Error ? signal.reason : new SdbApiError('the operation was aborted'))
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new SdbTimeoutError(`no connection became free within ${timeoutMs} ms (pool size ${this.#maxSize})`))
      }, remaining)
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#waiters.push(waiter)
    })
  }

  #discard(connection: C): void {
    try {
      if (!connection.closed) {
        const closing = connection.close()
        // Closing a broken socket may fail; the slot is freed either way.
        if (closing instanceof Promise) closing.catch(() => undefined)
      }
    } catch {
      // Same as above, for a synchronous close.
    }
    if (!this.#closed) this.#waiters.shift()?.(undefined)
  }
}
