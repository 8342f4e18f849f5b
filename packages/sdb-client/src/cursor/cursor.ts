import type { BsonDocument } from '../bson.js'

/** One batch of records and the server context that may hold more (-1n: none). */
export interface CursorBatch {
  readonly contextId: bigint
  readonly documents: readonly BsonDocument[]
}

/**
 * What a cursor needs from the connection that opened its server context. Server contexts
 * belong to one session, so every call goes to that same connection.
 */
export interface CursorChannel {
  /** The next batch, or `undefined` when the server reports the end (-29). */
  getMore(contextId: bigint, signal: AbortSignal | undefined): Promise<CursorBatch | undefined>
  /** Tells the server to drop the context (opCode 2007). */
  killContext(contextId: bigint): Promise<void>
  /** The cursor is done with the connection; `broken` when an error left its state unknown. */
  release(broken: boolean): void
}

/** Sends the request that opens a cursor and returns its first batch. */
export type CursorOpener = () => Promise<{ readonly first: CursorBatch; readonly channel: CursorChannel | undefined }>

/** Options of one cursor read. */
export interface CursorReadOptions {
  readonly signal?: AbortSignal
}

/**
 * Records of a query, list, snapshot, SQL select or aggregate, fetched in batches.
 *
 * Iterate it with `for await`; leaving the loop early (break, return, throw) closes it, which
 * kills the server context. `close()` may be called any number of times.
 */
export class Cursor<T = BsonDocument> implements AsyncIterable<T> {
  #opener: CursorOpener | undefined
  #opening: Promise<void> | undefined
  #channel: CursorChannel | undefined
  readonly #map: (document: BsonDocument) => T
  #buffer: readonly BsonDocument[] = []
  #position = 0
  #contextId = -1n
  #closed = false
  #released = false
  #closing: Promise<void> | undefined

  /**
   * @internal Built by the operation engine; users get cursors from the API objects. The
   * request is sent on the first read, so a cursor that is never read costs nothing.
   */
  constructor(opener: CursorOpener, map: (document: BsonDocument) => T) {
    this.#opener = opener
    this.#map = map
  }

  /** Builds a cursor over records already in memory (no server context). */
  static of<T>(documents: readonly BsonDocument[], map: (document: BsonDocument) => T): Cursor<T> {
    return new Cursor(() => Promise.resolve({ first: { contextId: -1n, documents }, channel: undefined }), map)
  }

  /** Sends the request now (reads do it anyway); rejects with the server's error if it fails. */
  open(): Promise<void> {
    this.#opening ??= this.#doOpen()
    return this.#opening
  }

  /** True when no more records can come (exhausted or closed). */
  get closed(): boolean {
    return this.#closed
  }

  /** The server context id, or -1n once the server closed it. */
  get contextId(): bigint {
    return this.#contextId
  }

  /** The next record, or `undefined` at the end. */
  async next(options: CursorReadOptions = {}): Promise<T | undefined> {
    if (!(await this.#ensure(options.signal))) return undefined
    return this.#map(this.#buffer[this.#position++]!)
  }

  /**
   * The records left in the current batch, fetching the next batch when it is used up.
   * An empty array means the end.
   */
  async nextBatch(options: CursorReadOptions = {}): Promise<T[]> {
    if (!(await this.#ensure(options.signal))) return []
    const rest = this.#buffer.slice(this.#position)
    this.#position = this.#buffer.length
    return rest.map(this.#map)
  }

  /** Reads every remaining record. */
  async toArray(options: CursorReadOptions = {}): Promise<T[]> {
    const all: T[] = []
    for (let batch = await this.nextBatch(options); batch.length > 0; batch = await this.nextBatch(options)) {
      for (const item of batch) all.push(item)
    }
    return all
  }

  /** Stops reading: kills the server context if it is still open. Safe to call repeatedly. */
  close(): Promise<void> {
    this.#closing ??= this.#doClose()
    return this.#closing
  }

  /**
   * Iterates the records; leaving the loop early closes the cursor. Hand-written rather than an
   * async generator: records already in the batch are handed out without a generator step,
   * which is most of the cost of streaming small documents.
   */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    const done: IteratorReturnResult<undefined> = { done: true, value: undefined }
    return {
      next: (): Promise<IteratorResult<T, undefined>> => {
        if (this.#opener === undefined && this.#position < this.#buffer.length) {
          return Promise.resolve({ done: false, value: this.#map(this.#buffer[this.#position++]!) })
        }
        return this.#ensure(undefined).then(
          (more): IteratorResult<T, undefined> | Promise<IteratorResult<T, undefined>> =>
            more ? { done: false, value: this.#map(this.#buffer[this.#position++]!) } : this.close().then(() => done),
          (error: unknown) => this.close().then(() => Promise.reject(error instanceof Error ? error : new Error(String(error)))),
        )
      },
      return: (): Promise<IteratorResult<T, undefined>> => this.close().then(() => done),
    }
  }

  /**
   * @internal Marks the cursor closed without telling the server (after an interrupt that
   * already dropped every context of the session).
   */
  abandon(): Promise<void> {
    this.#contextId = -1n
    return this.close()
  }

  async #doOpen(): Promise<void> {
    const opener = this.#opener
    if (opener === undefined) return
    if (this.#closed) {
      this.#opener = undefined
      return
    }
    try {
      const { first, channel } = await opener()
      this.#opener = undefined
      this.#channel = channel
      this.#buffer = first.documents
      this.#contextId = first.contextId
      if (this.#closed) {
        // close() was called while the request was in flight.
        await this.#shutdown()
      } else if (this.#contextId === -1n) {
        this.#release(false)
      }
    } catch (error) {
      this.#closed = true
      this.#released = true
      throw error
    } finally {
      this.#opener = undefined
    }
  }

  /** Makes sure an unread record is buffered; false at the end. */
  async #ensure(signal: AbortSignal | undefined): Promise<boolean> {
    if (this.#opener !== undefined) await this.open()
    for (;;) {
      if (this.#position < this.#buffer.length) return true
      if (this.#closed) return false
      if (!(await this.#fetch(signal))) return false
    }
  }

  async #fetch(signal: AbortSignal | undefined): Promise<boolean> {
    if (this.#contextId === -1n || this.#channel === undefined) {
      this.#finish()
      return false
    }
    let batch: CursorBatch | undefined
    try {
      batch = await this.#channel.getMore(this.#contextId, signal)
    } catch (error) {
      // Any getMore error closes the context on the server (contract §7.5).
      this.#contextId = -1n
      this.#closed = true
      this.#release(true)
      throw error
    }
    if (batch === undefined) {
      this.#contextId = -1n
      this.#finish()
      return false
    }
    this.#buffer = batch.documents
    this.#position = 0
    this.#contextId = batch.contextId
    if (this.#contextId === -1n) this.#release(false)
    return true
  }

  #finish(): void {
    this.#closed = true
    this.#release(false)
  }

  async #doClose(): Promise<void> {
    if (this.#opener !== undefined && this.#opening !== undefined) {
      // Opening is in flight: let it finish, it sees #closed and comes back here.
      this.#closed = true
      await this.#opening.catch(() => undefined)
      return
    }
    if (this.#opener !== undefined) {
      this.#opener = undefined
      this.#closed = true
      return
    }
    await this.#shutdown()
  }

  async #shutdown(): Promise<void> {
    const contextId = this.#contextId
    this.#closed = true
    this.#buffer = []
    this.#position = 0
    this.#contextId = -1n
    if (contextId !== -1n && this.#channel !== undefined && !this.#released) {
      try {
        await this.#channel.killContext(contextId)
      } catch {
        // The context dies with its session anyway; a broken connection is not reused.
        this.#release(true)
        return
      }
    }
    this.#release(false)
  }

  #release(broken: boolean): void {
    if (this.#released) return
    this.#released = true
    this.#channel?.release(broken)
  }
}
