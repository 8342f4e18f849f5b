/**
 * Single-flight, short-lived cache of each cluster's topology. Reading a topology costs
 * several driver calls ($list groups + the health snapshot); under load, N concurrent callers
 * would each queue them on the shared pool and starve. Here they share one read in flight, and
 * a topology read within `ttlMs` is served as is.
 */
import type { Topology } from '@canopy/api-contract'

/** Reads one cluster's topology from the database. */
export type TopologyLoader = (clusterId: string) => Promise<Topology>

interface Slot {
  value: { readonly topology: Topology; readonly at: number } | undefined
  inflight: Promise<Topology> | undefined
  /** Bumped by `invalidate`, so a read that started before a change is not kept after it. */
  generation: number
}

/** Options of {@link TopologyCache}. */
export interface TopologyCacheOptions {
  /** How long a read topology is served to later callers. Default 1000 ms. */
  readonly ttlMs?: number
  /** The clock (tests). */
  readonly now?: () => number
}

/** One topology read in flight per cluster; the last read is reused for `ttlMs`. */
export class TopologyCache {
  readonly #slots = new Map<string, Slot>()
  readonly #load: TopologyLoader
  readonly #ttlMs: number
  readonly #now: () => number

  constructor(load: TopologyLoader, options: TopologyCacheOptions = {}) {
    this.#load = load
    this.#ttlMs = options.ttlMs ?? 1000
    this.#now = options.now ?? Date.now
  }

  /**
   * The cluster's topology: the cached one when younger than `ttlMs`, else the read already in
   * flight, else a new read. Failures are not cached: the next caller reads again.
   */
  get(clusterId: string): Promise<Topology> {
    const slot = this.#slot(clusterId)
    if (slot.value && this.#now() - slot.value.at < this.#ttlMs) return Promise.resolve(slot.value.topology)
    if (slot.inflight) return slot.inflight
    const generation = slot.generation
    const inflight = this.#load(clusterId).then(
      (topology) => {
        if (slot.generation === generation) {
          slot.value = { topology, at: this.#now() }
          slot.inflight = undefined
        }
        return topology
      },
      (err: unknown) => {
        if (slot.generation === generation) slot.inflight = undefined
        throw err
      },
    )
    slot.inflight = inflight
    return inflight
  }

  /**
   * Forgets the cluster's topology (after a group or node change), so the next caller reads
   * the new state; a read already in flight still answers its callers but is not kept.
   */
  invalidate(clusterId: string): void {
    const slot = this.#slot(clusterId)
    slot.generation += 1
    slot.value = undefined
    slot.inflight = undefined
  }

  #slot(clusterId: string): Slot {
    let slot = this.#slots.get(clusterId)
    if (!slot) {
      slot = { value: undefined, inflight: undefined, generation: 0 }
      this.#slots.set(clusterId, slot)
    }
    return slot
  }
}
