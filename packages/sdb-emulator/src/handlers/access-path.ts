import type { BsonDocument } from '@canopy/sdb-client/bson'
import { chooseAccessPlan, type AccessPlan, type RecordSource } from '../engine/index.js'
import type { NodeStore } from '../cluster/data-router.js'
import type { CatalogStore, IndexEntry, KeyRange } from '../storage/index.js'
import type { KeyRange as EngineKeyRange } from '../engine/index-key.js'
import { count, countCollection, type CollectionCounterName } from './node-counters.js'

/**
 * The access path a query takes on every group (same indexes everywhere). With an orderBy the
 * planner may pick an index whose walk already yields that order (`plan.indexOrder`).
 */
export function planFor(
  catalog: CatalogStore,
  collection: string,
  condition: BsonDocument,
  hint: BsonDocument,
  orderBy?: BsonDocument | null,
): AccessPlan {
  const indexes = catalog.listIndexes(collection).map((d) => ({ name: d.name, key: d.key, unique: d.unique }))
  return chooseAccessPlan(indexes, condition, Object.keys(hint).length === 0 ? undefined : hint, orderBy)
}

/** Index rows the store reads in the first page of a scan (its later pages are far bigger). */
const STORE_FIRST_PAGE = 16
/** Short scans restarted after their first page; past this many rows the store pages as usual. */
const SHORT_RESTARTS = 8

/**
 * The record ids of one index range, in index order (backward when `reverse`). The store reads
 * a first page of {@link STORE_FIRST_PAGE} rows, then pages of hundreds: a query that needs
 * 51 records (a page of 50 and one to know there is more) would read 528 rows. So while the
 * reader keeps asking, the scan is restarted after each first page, from the last key read
 * (rows of that key already yielded are skipped), for {@link SHORT_RESTARTS} restarts; then it
 * runs on as the store pages it. A restart that made no progress (a run of one key longer than
 * a page) also lets the store page on, so every scan ends.
 */
function* shortPages(target: NodeStore, collection: string, indexName: string, r: EngineKeyRange, reverse: boolean, rowsHint?: number): Generator<number> {
  let last: IndexEntry | undefined
  for (let restarts = 0; ; restarts += 1) {
    // The first read takes the rows the reader said it needs (a query page: skip + limit), so a
    // page of 50 is one statement; restarts fall back to short pages.
    const size = restarts === 0 && rowsHint !== undefined ? Math.max(STORE_FIRST_PAGE, rowsHint) : STORE_FIRST_PAGE
    const range: KeyRange =
      last === undefined
        ? { low: r.start, lowInclusive: true, high: r.end, highInclusive: false, reverse }
        : reverse
          ? { low: r.start, lowInclusive: true, high: last.key, highInclusive: true, reverse }
          : { low: last.key, lowInclusive: true, high: r.end, highInclusive: false, reverse }
    const from = last
    let rows = 0
    let progressed = false
    let restart = false
    for (const e of target.store.indexScan(collection, indexName, range, size)) {
      rows += 1
      const seen = from !== undefined && e.key.equals(from.key) && (reverse ? e.rid >= from.rid : e.rid <= from.rid)
      if (!seen) {
        last = e
        progressed = true
        yield e.rid
      }
      if (rows === size && progressed && restarts < SHORT_RESTARTS) {
        restart = true
        break
      }
    }
    if (!restart) return
  }
}

/** A node's store as the engine's record source for one collection. */
export function recordSource(target: NodeStore, collection: string, rowsHint?: number): RecordSource<number> {
  return {
    tableScan: function* () {
      for (const rec of target.store.tableScan(collection)) yield [rec.rid, rec.doc] as const
    },
    indexScan: function* (indexName, ranges) {
      for (const r of ranges) yield* shortPages(target, collection, indexName, r, false, rowsHint)
    },
    indexScanReverse: function* (indexName, ranges) {
      for (let i = ranges.length - 1; i >= 0; i -= 1) yield* shortPages(target, collection, indexName, ranges[i]!, true, rowsHint)
    },
    fetch: (rid) => target.store.fetch(collection, rid),
  }
}

/**
 * The records of one node that match, read through the chosen access path: index ranges in key
 * order, backward when the plan walks against it for a descending orderBy (each record once, as
 * a multikey index may list it several times), else a table scan.
 */
export function* readMatching(
  target: NodeStore,
  collection: string,
  plan: AccessPlan,
  matches: (doc: BsonDocument) => boolean,
  /** How many matching records the reader expects to take, when it knows (skip + limit). */
  rowsHint?: number,
): Generator<{ rid: number; doc: BsonDocument }> {
  count(target.node, 'TotalQuery')
  const clCount = (name: CollectionCounterName): void => {
    countCollection(target.node, collection, name)
  }
  clCount(plan.scanType === 'ixscan' ? 'TotalIxScan' : 'TotalTbScan')
  if (plan.scanType === 'ixscan') {
    const seen = new Set<number>()
    const source = recordSource(target, collection, rowsHint)
    const rids =
      plan.indexOrder === -1 && source.indexScanReverse
        ? source.indexScanReverse(plan.indexName, plan.ranges)
        : source.indexScan(plan.indexName, plan.ranges)
    for (const rid of rids) {
      count(target.node, 'TotalIndexRead')
      clCount('TotalIndexRead')
      if (seen.has(rid)) continue
      seen.add(rid)
      const doc = source.fetch(rid)
      if (doc === undefined) continue
      count(target.node, 'TotalDataRead')
      clCount('TotalDataRead')
      if (matches(doc)) {
        count(target.node, 'TotalRead')
        clCount('TotalRead')
        yield { rid, doc }
      }
    }
    return
  }
  for (const rec of target.store.tableScan(collection)) {
    count(target.node, 'TotalDataRead')
    clCount('TotalDataRead')
    if (matches(rec.doc)) {
      count(target.node, 'TotalRead')
      clCount('TotalRead')
      yield rec
    }
  }
}
