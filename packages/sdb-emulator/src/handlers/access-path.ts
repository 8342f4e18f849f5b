import type { BsonDocument } from '@canopy/sdb-client/bson'
import { chooseAccessPlan, type AccessPlan, type RecordSource } from '../engine/index.js'
import type { NodeStore } from '../cluster/data-router.js'
import type { CatalogStore } from '../storage/index.js'
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

/** A node's store as the engine's record source for one collection. */
export function recordSource(target: NodeStore, collection: string): RecordSource<number> {
  return {
    tableScan: function* () {
      for (const rec of target.store.tableScan(collection)) yield [rec.rid, rec.doc] as const
    },
    indexScan: function* (indexName, ranges) {
      for (const r of ranges) {
        for (const e of target.store.indexScan(collection, indexName, { low: r.start, lowInclusive: true, high: r.end, highInclusive: false })) {
          yield e.rid
        }
      }
    },
    indexScanReverse: function* (indexName, ranges) {
      for (let i = ranges.length - 1; i >= 0; i -= 1) {
        const r = ranges[i]!
        const scan = target.store.indexScan(collection, indexName, {
          low: r.start,
          lowInclusive: true,
          high: r.end,
          highInclusive: false,
          reverse: true,
        })
        for (const e of scan) yield e.rid
      }
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
): Generator<{ rid: number; doc: BsonDocument }> {
  count(target.node, 'TotalQuery')
  const clCount = (name: CollectionCounterName): void => {
    countCollection(target.node, collection, name)
  }
  clCount(plan.scanType === 'ixscan' ? 'TotalIxScan' : 'TotalTbScan')
  if (plan.scanType === 'ixscan') {
    const seen = new Set<number>()
    const source = recordSource(target, collection)
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
