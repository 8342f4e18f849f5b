import type { BsonDocument } from '@canopy/sdb-client/bson'

/** Records per getMore batch: any positive size is compatible (contract §8.7). */
export const DEFAULT_BATCH_SIZE = 1000
/** Byte budget of one batch, so huge documents do not build a giant reply. */
const BATCH_BYTES = 4 * 1024 * 1024

/**
 * A source of result records for a context. Results that come from one node at a time (coord
 * lists/snapshots spread over nodes) are given as several batches, each returned by its own
 * getMore, as a real coordinator does.
 */
export type RecordSource = Iterator<BsonDocument> | { batches: BsonDocument[][] }

/** One server-side cursor of a session. */
export class Context {
  /** Ordinal of the next record (`startFrom` of the next batch). */
  position = 0
  private exhausted = false
  private readonly pending: BsonDocument[][] | undefined
  private readonly iterator: Iterator<BsonDocument> | undefined
  private peeked: BsonDocument | undefined
  private closed = false
  /** CLOSE_EOF_CTX: the batch that reaches the end closes the context (contextID -1). */
  closeOnEof = false

  constructor(
    readonly id: bigint,
    source: RecordSource,
    /** Skip / limit of the query (limit < 0 = unlimited). */
    private skip = 0,
    private limit = -1,
    /** Called when the context is closed (releases store resources). */
    private readonly onClose: () => void = () => undefined,
  ) {
    if ('batches' in source) this.pending = source.batches.filter((b) => b.length > 0)
    else this.iterator = source
  }

  /**
   * Returns the next batch and whether the context is now exhausted. `max` < 0 lets the server
   * choose the size.
   */
  next(max: number): { records: BsonDocument[]; startFrom: number; done: boolean } {
    const startFrom = this.position
    if (this.exhausted) return { records: [], startFrom, done: true }
    const records = this.pending !== undefined ? this.nextPending(max) : this.nextFromIterator(max)
    this.position += records.length
    return { records, startFrom, done: this.isDone() }
  }

  private nextPending(max: number): BsonDocument[] {
    const pending = this.pending!
    const out: BsonDocument[] = []
    while (pending.length > 0 && out.length === 0) {
      const batch = pending[0]!
      while (batch.length > 0 && this.skip > 0) {
        batch.shift()
        this.skip -= 1
      }
      const room = max > 0 ? max : batch.length
      const take = this.limit >= 0 ? Math.min(room, this.limit) : room
      out.push(...batch.splice(0, take))
      if (this.limit >= 0) this.limit -= out.length
      if (batch.length === 0) pending.shift()
      if (this.limit === 0) pending.length = 0
    }
    return out
  }

  private nextFromIterator(max: number): BsonDocument[] {
    const out: BsonDocument[] = []
    const size = max > 0 ? max : DEFAULT_BATCH_SIZE
    let bytes = 0
    while (out.length < size && bytes < BATCH_BYTES && this.limit !== 0) {
      const doc = this.pull()
      if (doc === undefined) break
      if (this.skip > 0) {
        this.skip -= 1
        continue
      }
      out.push(doc)
      bytes += approximateSize(doc)
      if (this.limit > 0) this.limit -= 1
    }
    return out
  }

  private pull(): BsonDocument | undefined {
    if (this.peeked !== undefined) {
      const d = this.peeked
      this.peeked = undefined
      return d
    }
    const r = this.iterator!.next()
    if (r.done === true) {
      this.exhausted = true
      return undefined
    }
    return r.value
  }

  private isDone(): boolean {
    if (this.exhausted || this.limit === 0) return true
    if (this.pending !== undefined) return this.pending.length === 0
    // Look one record ahead so a batch that ends the data also closes the context.
    const d = this.pull()
    if (d === undefined) return true
    this.peeked = d
    return false
  }

  /** Releases the context. Idempotent. */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.exhausted = true
    if (this.pending !== undefined) this.pending.length = 0
    try {
      this.iterator?.return?.()
    } finally {
      this.onClose()
    }
  }
}

function approximateSize(doc: BsonDocument): number {
  // A cheap estimate is enough to bound a batch; exact sizes are computed when encoding.
  return 64 + Object.keys(doc).length * 32
}

/** Context ids are unique within a node process, as on the real server. */
let nextContextId = 1n

/** The contexts of one session; they die with it. */
export class ContextRegistry {
  private readonly contexts = new Map<bigint, Context>()

  /** Opens a context over `source`. */
  open(source: RecordSource, skip = 0, limit = -1, onClose?: () => void): Context {
    const id = nextContextId
    nextContextId += 1n
    const ctx = new Context(id, source, Math.max(0, skip), limit, onClose)
    this.contexts.set(id, ctx)
    return ctx
  }

  /** The context with this id, if this session owns it. */
  get(id: bigint): Context | undefined {
    return this.contexts.get(id)
  }

  /** Ids of the open contexts (for `$list contexts` / `$snapshot sessions`). */
  ids(): bigint[] {
    return [...this.contexts.keys()]
  }

  /** Closes one context; unknown ids are ignored (kill contexts never fails). */
  kill(id: bigint): void {
    const ctx = this.contexts.get(id)
    if (ctx === undefined) return
    this.contexts.delete(id)
    ctx.close()
  }

  /** Closes every context (interrupt, disconnect, session end). */
  killAll(): void {
    for (const id of [...this.contexts.keys()]) this.kill(id)
  }

  /** Number of open contexts. */
  get size(): number {
    return this.contexts.size
  }
}
