/**
 * Bounded concurrency with a first-come-first-served queue, one per key (cluster). Document
 * reads go through it so that a crowd of document pages cannot hold every connection of the
 * driver pool: the rest stays free for topology, schema and monitoring requests.
 */

/** The caller gave up (its signal fired) while waiting for a turn. */
export class LimiterAbortedError extends Error {
  override readonly name = 'LimiterAbortedError'
}

interface Lane {
  active: number
  readonly queue: (() => void)[]
}

/** Runs at most `limit` tasks per key at once; later ones wait in arrival order. */
export class FairLimiter {
  readonly #lanes = new Map<string, Lane>()
  readonly #limit: number

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${String(limit)}`)
    this.#limit = limit
  }

  /** Tasks running and waiting for a key (monitoring, tests). */
  stats(key: string): { active: number; waiting: number } {
    const lane = this.#lanes.get(key)
    return { active: lane?.active ?? 0, waiting: lane?.queue.length ?? 0 }
  }

  /**
   * Runs `fn` when a slot of `key` is free. A caller whose `signal` fires while queued leaves
   * the queue (rejecting with the signal's reason) without taking a slot.
   */
  async run<T>(key: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(key, signal)
    try {
      return await fn()
    } finally {
      this.#release(key)
    }
  }

  #lane(key: string): Lane {
    let lane = this.#lanes.get(key)
    if (!lane) {
      lane = { active: 0, queue: [] }
      this.#lanes.set(key, lane)
    }
    return lane
  }

  #acquire(key: string, signal: AbortSignal | undefined): Promise<void> {
    const lane = this.#lane(key)
    if (signal?.aborted === true) return Promise.reject(abortReason(signal))
    if (lane.active < this.#limit && lane.queue.length === 0) {
      lane.active += 1
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = lane.queue.indexOf(grant)
        if (at >= 0) lane.queue.splice(at, 1)
        reject(abortReason(signal))
      }
      // The slot is handed over by the releaser (active is not decremented in between), so a
      // newcomer cannot overtake the queue.
      const grant = () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      lane.queue.push(grant)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  #release(key: string): void {
    const lane = this.#lane(key)
    const next = lane.queue.shift()
    if (next) {
      next()
      return
    }
    lane.active -= 1
    if (lane.active === 0) this.#lanes.delete(key)
  }
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason
  return reason instanceof Error ? reason : new LimiterAbortedError('gave up waiting for a turn')
}
