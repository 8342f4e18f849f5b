import type { BsonDocument } from '../bson.js'
import { Cursor, type CursorBatch, type CursorChannel } from '../cursor/cursor.js'
import { ErrorCode, SdbError, SdbServerError } from '../errors.js'
import type { SdbReply, SdbRequest } from '../protocol/index.js'
import type { ConnectionPool } from '../pool/connection-pool.js'
import { type CursorOperation, type Operation, type SessionInfo } from './operation.js'
import { getMoreRequest, killContextsRequest } from './requests.js'

/** What the engine needs from one connection (the driver's `Connection` has it). */
export interface OperationConnection {
  readonly closed: boolean
  /** From the system-info reply; `authVersion` 0 = MD5, 1 = SCRAM. */
  readonly serverInfo?: { readonly authVersion: number } | undefined
  request(request: SdbRequest, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<SdbReply>
  send(request: SdbRequest): Promise<void> | void
  close(): unknown
}

/** Per-call options: a time limit for this call and a signal that cancels it. */
export interface OperationOptions {
  readonly signal?: AbortSignal | undefined
  readonly timeoutMs?: number | undefined
}

/** Throws the server's error when a reply carries a non-zero result code. */
export function checkReply(reply: SdbReply): SdbReply {
  if (reply.flags !== 0) throw SdbServerError.fromReply(reply.flags, reply.documents[0])
  return reply
}

/** Errors after which a connection's state is unknown, so it is not reused. */
function breaksConnection(error: unknown): boolean {
  return !(error instanceof SdbServerError) && !(error instanceof SdbError && error.name === 'SdbApiError')
}

/**
 * Runs operations on pooled connections. A cursor keeps its connection until it is exhausted
 * or closed (server contexts belong to one session). While a session is pinned (transaction,
 * session attributes) every operation goes to that one connection instead.
 */
export class OperationExecutor<C extends OperationConnection> {
  readonly #pool: ConnectionPool<C>
  readonly #defaultTimeoutMs: number | undefined
  readonly #openCursors = new Map<Cursor<unknown>, C>()
  readonly #held = new Set<(broken: boolean) => void>()
  #pinned: C | undefined
  #onPinnedLost: (() => Promise<C>) | undefined

  constructor(pool: ConnectionPool<C>, options: { operationTimeoutMs?: number | undefined } = {}) {
    this.#pool = pool
    this.#defaultTimeoutMs = options.operationTimeoutMs
  }

  /** The connection every operation uses while a session is pinned. */
  get pinned(): C | undefined {
    return this.#pinned
  }

  /** How many cursors still hold a connection (and maybe a server context). */
  get openCursorCount(): number {
    return this.#openCursors.size
  }

  /**
   * Decides what happens when the pinned connection turns out dead: return a connection to use
   * instead (after restoring the session state on it), or throw (a lost transaction).
   */
  onPinnedLost(handler: (() => Promise<C>) | undefined): void {
    this.#onPinnedLost = handler
  }

  /** Pins one connection for session state (transactions, session attributes). */
  async pin(options: OperationOptions = {}): Promise<C> {
    if (this.#pinned !== undefined && !this.#pinned.closed) return this.#pinned
    if (this.#pinned !== undefined) this.#pool.destroy(this.#pinned)
    this.#pinned = await this.#pool.acquire(options)
    return this.#pinned
  }

  /** Gives the pinned connection back to the pool. */
  unpin(): void {
    const pinned = this.#pinned
    this.#pinned = undefined
    if (pinned !== undefined) this.#pool.release(pinned)
  }

  /** Runs one operation and returns its result. */
  async execute<R>(operation: Operation<R>, options: OperationOptions = {}): Promise<R> {
    const connection = await this.#acquire(options)
    let broken = false
    try {
      const request = operation.buildRequest(sessionOf(connection))
      if (!operation.expectsReply) {
        await connection.send(request)
        return undefined as R
      }
      const reply = await connection.request(request, this.#requestOptions(options))
      return operation.handleReply(checkReply(reply))
    } catch (error) {
      broken = breaksConnection(error)
      throw error
    } finally {
      this.#giveBack(connection, broken)
    }
  }

  /** Runs `fn` with one connection held for its whole duration (LOB handles, multi-step flows). */
  async withConnection<R>(fn: (connection: C) => Promise<R>, options: OperationOptions = {}): Promise<{ result: R; release: (broken: boolean) => void }> {
    const connection = await this.#acquire(options)
    try {
      const result = await fn(connection)
      let released = false
      const release = (broken: boolean): void => {
        if (released) return
        released = true
        this.#held.delete(release)
        this.#giveBack(connection, broken)
      }
      this.#held.add(release)
      return { result, release }
    } catch (error) {
      this.#giveBack(connection, breaksConnection(error))
      throw error
    }
  }

  /** Sends one request on a given connection, with the default time limit. */
  async requestOn(connection: C, request: SdbRequest, options: OperationOptions = {}): Promise<SdbReply> {
    return checkReply(await connection.request(request, this.#requestOptions(options)))
  }

  /**
   * Returns a lazy cursor: the request is sent on the first read, so a cursor that is never
   * read costs nothing.
   */
  cursor<T = BsonDocument>(operation: CursorOperation, map: (document: BsonDocument) => T, options: OperationOptions = {}): Cursor<T> {
    const cursor: Cursor<T> = new Cursor<T>(() => this.#openCursor(cursor, operation, options), map)
    return cursor
  }

  /**
   * Sends interrupt (2009) on every connection that holds a cursor (the server then drops all
   * contexts of that session), or on one connection when no cursor is open.
   */
  async interruptAll(request: SdbRequest, options: OperationOptions = {}): Promise<void> {
    const held = new Map<C, Cursor<unknown>[]>()
    for (const [cursor, connection] of this.#openCursors) {
      const list = held.get(connection) ?? []
      list.push(cursor)
      held.set(connection, list)
    }
    if (held.size === 0) {
      const connection = await this.#acquire(options)
      try {
        await connection.send(request)
      } finally {
        this.#giveBack(connection, false)
      }
      return
    }
    for (const [connection, cursors] of held) {
      await connection.send(request)
      await Promise.all(cursors.map((cursor) => cursor.abandon()))
    }
  }

  /**
   * Gives every cursor's connection back without killing the contexts (the client is closing:
   * the server drops them with the session).
   */
  async abandonCursors(): Promise<void> {
    const cursors = [...this.#openCursors.keys()]
    await Promise.all(cursors.map((cursor) => cursor.abandon()))
    // Open LOBs: their connections close too (the server drops the LOB contexts with the session).
    for (const release of [...this.#held]) release(false)
  }

  async #openCursor(
    cursor: Cursor<unknown>,
    operation: CursorOperation,
    options: OperationOptions,
  ): Promise<{ first: CursorBatch; channel: CursorChannel | undefined }> {
    const connection = await this.#acquire(options)
    let reply: SdbReply
    try {
      reply = await connection.request(operation.buildRequest(sessionOf(connection)), this.#requestOptions(options))
    } catch (error) {
      this.#giveBack(connection, breaksConnection(error))
      throw error
    }
    if (reply.flags === ErrorCode.DMS_EOC && operation.emptyOnEndOfCollection) {
      this.#giveBack(connection, false)
      return { first: { contextId: -1n, documents: [] }, channel: undefined }
    }
    if (reply.flags !== 0) {
      this.#giveBack(connection, false)
      throw SdbServerError.fromReply(reply.flags, reply.documents[0])
    }
    this.#openCursors.set(cursor, connection)
    let released = false
    const channel: CursorChannel = {
      getMore: async (contextId, signal) => {
        const next = await connection.request(getMoreRequest(contextId), this.#requestOptions({ signal }))
        if (next.flags === ErrorCode.DMS_EOC) return undefined
        checkReply(next)
        return { contextId: next.contextId, documents: next.documents }
      },
      killContext: async (contextId) => {
        await connection.request(killContextsRequest([contextId]), this.#requestOptions({}))
      },
      release: (broken) => {
        if (released) return
        released = true
        this.#openCursors.delete(cursor)
        this.#giveBack(connection, broken)
      },
    }
    return { first: { contextId: reply.contextId, documents: reply.documents }, channel }
  }

  async #acquire(options: OperationOptions): Promise<C> {
    const pinned = this.#pinned
    if (pinned !== undefined) {
      if (!pinned.closed) return pinned
      // The pinned session died: its transaction and attributes are gone with it.
      this.#pinned = undefined
      this.#pool.destroy(pinned)
      if (this.#onPinnedLost !== undefined) return this.#onPinnedLost()
    }
    return this.#pool.acquire(options)
  }

  #giveBack(connection: C, broken: boolean): void {
    // A dead pinned connection stays pinned: the next call notices it and runs the recovery
    // (a transaction must fail loudly rather than continue on a fresh session).
    if (connection === this.#pinned) return
    if (broken) this.#pool.destroy(connection)
    else this.#pool.release(connection)
  }

  #requestOptions(options: OperationOptions): { signal?: AbortSignal; timeoutMs?: number } {
    const timeoutMs = options.timeoutMs ?? this.#defaultTimeoutMs
    return {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    }
  }
}

function sessionOf(connection: OperationConnection): SessionInfo {
  return { authVersion: connection.serverInfo?.authVersion ?? 0 }
}
