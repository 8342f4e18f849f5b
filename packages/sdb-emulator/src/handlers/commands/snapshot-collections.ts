import type { BsonDocument } from '@canopy/sdb-client/bson'
import { nodeName } from '../../cluster/cluster.js'
import type { CollectionInfo } from '../../storage/index.js'
import { double, int32, int64 } from '../args.js'
import { listResult } from '../list-result.js'
import { COLLECTION_COUNTER_NAMES, collectionCounter } from '../node-counters.js'
import { sdbTimestamp } from '../snapshots/identity.js'
import type { CommandHandler, HandlerEnv } from '../types.js'


function groupDetails(env: HandlerEnv, info: CollectionInfo): BsonDocument[] {
  const out: BsonDocument[] = []
  for (const group of env.router.groupsOf(info)) {
    let target
    try {
      target = env.router.readTarget(group)
    } catch {
      continue
    }
    const s = target.store.stats(info.name)
    const stat: BsonDocument = {
      ID: int32(0),
      LogicalID: int32(0),
      Sequence: int32(1),
      Indexes: int32(s.totalIndexes),
      Status: 'Normal',
      TotalRecords: int64(s.totalRecords),
      TotalLobs: int64(s.totalLobs),
      TotalDataPages: int32(s.totalDataPages),
      TotalIndexPages: int32(s.totalIndexPages),
      TotalLobPages: int32(s.totalLobPages),
      TotalUsedLobSpace: int64(s.totalLobBytes),
      UsedLobSpaceRatio: double(0),
      TotalLobSize: int64(s.totalLobBytes),
      TotalValidLobSize: int64(s.totalLobBytes),
      LobUsageRate: double(0),
      AvgLobSize: int64(s.totalLobs === 0 ? 0 : Math.floor(s.totalLobBytes / s.totalLobs)),
      TotalDataFreeSpace: int64(0),
      TotalIndexFreeSpace: int64(0),
    }
    for (const name of COLLECTION_COUNTER_NAMES) stat[name] = int64(collectionCounter(target.node, info.name, name))
    const created = sdbTimestamp(env.startedAt)
    Object.assign(stat, { ResetTimestamp: created, NodeName: nodeName(target.node), CreateTime: created, UpdateTime: created })
    out.push({ GroupName: group.name, Group: [stat] })
  }
  return out
}

/** `$snapshot collections`: one record per collection with per-group `Details`. */
export const snapshotCollections: CommandHandler = (env, args) => {
  const docs = env.catalog.listCollections().map((info) => ({
    Name: info.name,
    UniqueID: int64(info.uniqueId),
    Details: groupDetails(env, info),
  }))
  return listResult(docs, args)
}
