import type { BsonDocument } from '@canopy/sdb-client/bson'
import type { KeyRange as EngineKeyRange, RecordSource } from '../engine/index.js'
import type { DataNodeStore } from './index.js'

/**
 * A collection of a data node as the engine's query executor reads it (`executeQuery(source,
 * indexes, spec)`): natural-order table scans, index scans over the planner's half-open byte
 * ranges (either direction), and fetch by record id.
 */
export function recordSource(store: DataNodeStore, fullName: string): RecordSource<number> {
  return {
    *tableScan(): Generator<readonly [number, BsonDocument]> {
      for (const record of store.tableScan(fullName)) yield [record.rid, record.doc] as const
    },
    *indexScan(indexName: string, ranges: readonly EngineKeyRange[]): Generator<number> {
      for (const range of ranges) {
        const scan = store.indexScan(fullName, indexName, {
          low: range.start,
          lowInclusive: true,
          high: range.end,
          highInclusive: false,
        })
        for (const entry of scan) yield entry.rid
      }
    },
    *indexScanReverse(indexName: string, ranges: readonly EngineKeyRange[]): Generator<number> {
      for (let i = ranges.length - 1; i >= 0; i -= 1) {
        const range = ranges[i]!
        const scan = store.indexScan(fullName, indexName, {
          low: range.start,
          lowInclusive: true,
          high: range.end,
          highInclusive: false,
          reverse: true,
        })
        for (const entry of scan) yield entry.rid
      }
    },
    fetch(rid: number): BsonDocument | undefined {
      return store.fetch(fullName, rid)
    },
  }
}
