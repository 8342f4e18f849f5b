/**
 * The configured clusters and one driver port each. A cluster that is down is reported, not
 * fatal: the registry reconnects on the next request (at most once per `retryDelayMs`), and the
 * driver's own pool reconnects after a coordinator restart, so the server recovers by itself.
 */
import type { ClusterSummary } from '@canopy/api-contract'
import { ApiErrorCode } from '@canopy/api-contract'
import { ClusterApiError, notFound, translateError } from './errors.js'
import type { ClusterConfig, PortFactory, SdbPort } from './sdb-port.js'

/** Minimal logger (pino fits). */
export interface ClusterLogger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

/** Options of {@link createClusterRegistry}. */
export interface ClusterRegistryOptions {
  readonly clusters: readonly ClusterConfig[]
  /** Opens a port; defaults to the `@canopy/sdb-client` adapter. */
  readonly connect?: PortFactory
  readonly logger?: ClusterLogger
  /** After a failed connect, requests fail fast with 503 for this long. Default 1000 ms. */
  readonly retryDelayMs?: number
  /** Time limit of the health probe. Default 3000 ms. */
  readonly healthTimeoutMs?: number
}

interface Entry {
  readonly config: ClusterConfig
  port: SdbPort | undefined
  connecting: Promise<SdbPort> | undefined
  lastFailureAt: number
  lastError: { code: string; message: string } | undefined
  status: 'up' | 'down' | 'unknown'
}

/** Holds every configured cluster's connection. */
export class ClusterRegistry {
  readonly #entries = new Map<string, Entry>()
  readonly #connect: PortFactory
  readonly #logger: ClusterLogger | undefined
  readonly #retryDelayMs: number
  readonly #healthTimeoutMs: number
  #closed = false

  constructor(options: ClusterRegistryOptions & { connect: PortFactory }) {
    for (const c of options.clusters) {
      if (this.#entries.has(c.id)) throw new Error(`cluster id "${c.id}" is configured twice`)
      this.#entries.set(c.id, { config: c, port: undefined, connecting: undefined, lastFailureAt: 0, lastError: undefined, status: 'unknown' })
    }
    this.#connect = options.connect
    this.#logger = options.logger
    this.#retryDelayMs = options.retryDelayMs ?? 1000
    this.#healthTimeoutMs = options.healthTimeoutMs ?? 3000
  }

  /** The configured clusters with their last known status. */
  list(): ClusterSummary[] {
    return [...this.#entries.values()].map((e) => summary(e))
  }

  /** The configuration of one cluster, or 404. */
  config(id: string): ClusterConfig {
    return this.#entry(id).config
  }

  /**
   * The port of a cluster, connecting if needed. Throws 404 for an unknown id and 503
   * CLUSTER_UNAVAILABLE while the cluster cannot be reached.
   */
  async port(id: string): Promise<SdbPort> {
    const e = this.#entry(id)
    if (this.#closed) throw new ClusterApiError(503, ApiErrorCode.clusterUnavailable, 'The server is shutting down')
    if (e.port) return e.port
    if (e.connecting) return e.connecting
    if (e.lastError && Date.now() - e.lastFailureAt < this.#retryDelayMs) {
      throw unavailable(e)
    }
    e.connecting = this.#connect(e.config)
      .then((port) => {
        e.port = port
        e.status = 'up'
        if (e.lastError) this.#logger?.info({ cluster: id }, 'cluster reachable again')
        e.lastError = undefined
        return port
      })
      .catch((err: unknown) => {
        this.#markDown(e, err)
        throw unavailable(e)
      })
      .finally(() => {
        e.connecting = undefined
      })
    return e.connecting
  }

  /**
   * Runs `fn` with the cluster's port; a network failure marks the cluster down (and is
   * reported as 503), any success marks it up again.
   */
  async run<T>(id: string, fn: (port: SdbPort) => Promise<T>): Promise<T> {
    const e = this.#entry(id)
    const port = await this.port(id)
    try {
      const out = await fn(port)
      if (e.status !== 'up') {
        e.status = 'up'
        e.lastError = undefined
      }
      return out
    } catch (err) {
      if (translateError(err).body.code === ApiErrorCode.clusterUnavailable) this.#markDown(e, err)
      throw err
    }
  }

  /** Probes every cluster (bounded in time) and returns their status, for `/api/health` and `/api/clusters`. */
  async health(): Promise<ClusterSummary[]> {
    await Promise.all(
      [...this.#entries.values()].map(async (e) => {
        const ac = new AbortController()
        const timer = setTimeout(() => { ac.abort() }, this.#healthTimeoutMs)
        try {
          const port = await this.port(e.config.id)
          await port.ping({ signal: ac.signal, timeoutMs: this.#healthTimeoutMs })
          e.status = 'up'
          e.lastError = undefined
        } catch (err) {
          if (!(err instanceof ClusterApiError)) this.#markDown(e, err)
        } finally {
          clearTimeout(timer)
        }
      }),
    )
    return this.list()
  }

  /** Closes every port; later calls answer 503. */
  async close(): Promise<void> {
    this.#closed = true
    const ports = [...this.#entries.values()].map((e) => e.port).filter((p): p is SdbPort => p !== undefined)
    for (const e of this.#entries.values()) e.port = undefined
    await Promise.allSettled(ports.map((p) => p.close()))
  }

  #entry(id: string): Entry {
    const e = this.#entries.get(id)
    if (!e) throw notFound(`No cluster "${id}" is configured`, { cluster: id })
    return e
  }

  #markDown(e: Entry, err: unknown): void {
    const t = translateError(err)
    const wasUp = e.status !== 'down'
    e.status = 'down'
    e.lastFailureAt = Date.now()
    e.lastError = { code: t.body.code, message: t.body.message }
    if (wasUp) this.#logger?.warn({ cluster: e.config.id, code: t.body.code, message: t.body.message }, 'cluster unreachable')
  }
}

function unavailable(e: Entry): ClusterApiError {
  return new ClusterApiError(503, ApiErrorCode.clusterUnavailable, `Cluster "${e.config.id}" is unreachable: ${e.lastError?.message ?? 'not connected'}`, {
    cluster: e.config.id,
    hosts: [...e.config.hosts],
  })
}

function summary(e: Entry): ClusterSummary {
  return {
    id: e.config.id,
    name: e.config.name,
    hosts: [...e.config.hosts],
    status: e.status,
    ...(e.lastError ? { error: e.lastError } : {}),
  }
}
