import type { BsonDocument } from '@canopy/sdb-client/bson'
import { nodeName } from '../cluster/cluster.js'
import { compileCondition } from '../engine/matcher.js'
import type { CollectionInfo } from '../storage/index.js'
import { double, int32, int64 } from './args.js'
import type { HandlerEnv, HandlerResult, QueryArgs } from './types.js'

/**
 * Explain (query flag EXPLAIN): one access-plan record per data node that holds the
 * collection, with the scan it used and what it read (`rtnExplain`: NodeName, GroupName,
 * Name, ScanType, IndexName, ReturnNum, DataRead, IndexRead, ...).
 */
export function explain(env: HandlerEnv, info: CollectionInfo, args: QueryArgs): HandlerResult {
  const matches = compileCondition(args.condition)
  const started = process.hrtime.bigint()
  const docs: BsonDocument[] = []
  for (const target of env.router.readTargets(info)) {
    let returned = 0
    let read = 0
    for (const rec of target.store.tableScan(info.name)) {
      read += 1
      if (matches(rec.doc)) returned += 1
    }
    docs.push({
      NodeName: nodeName(target.node),
      GroupName: target.group.name,
      Role: 'data',
      Name: info.name,
      ScanType: 'tbscan',
      IndexName: '',
      UseExtSort: Object.keys(args.orderBy).length > 0,
      Query: { $and: Object.keys(args.condition).length === 0 ? [] : [args.condition] },
      IXBound: null,
      NeedMatch: Object.keys(args.condition).length > 0,
      ReturnNum: int64(Math.max(0, returned - args.skip)),
      ElapsedTime: double(Number(process.hrtime.bigint() - started) / 1e9),
      IndexRead: int64(0),
      DataRead: int64(read),
      UserCPU: double(0),
      SysCPU: double(0),
      Indexes: int32(env.catalog.listIndexes(info.name).length),
    })
  }
  return { cursor: docs[Symbol.iterator]() }
}
