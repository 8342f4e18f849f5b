import type { BsonDocument } from '@canopy/sdb-client/bson'
import { double, int32, int64 } from '../args.js'
import { listResult } from '../list-result.js'
import { sdbTimestamp } from '../snapshots/identity.js'
import type { CommandHandler } from '../types.js'

const ZERO_DOUBLES = [
  'RecycleDataSize', 'RecycleIndexSize', 'RecycleLobSize', 'LobCapacity', 'LobMetaCapacity',
] as const
const LOB_DOUBLES = [
  'TotalLobGet', 'TotalLobPut', 'TotalLobDelete', 'TotalLobList', 'TotalLobReadSize', 'TotalLobWriteSize',
  'TotalLobRead', 'TotalLobWrite', 'TotalLobTruncate', 'TotalLobAddressing',
] as const

/** `$snapshot collectionspaces`: one merged record per collection space (coordinator form). */
export const snapshotCollectionSpaces: CommandHandler = (env, args) => {
  const all = env.catalog.listCollections()
  const docs = env.catalog.listCollectionSpaces().map((cs) => {
    const cls = all.filter((c) => c.collectionSpace === cs.name)
    let data = 0
    let lobs = 0
    let lobBytes = 0
    const groups = new Set<string>()
    for (const cl of cls) {
      for (const g of env.router.groupsOf(cl)) {
        groups.add(g.name)
        try {
          const s = env.router.readTarget(g).store.stats(cl.name)
          data += s.totalDataBytes
          lobs += s.totalLobs
          lobBytes += s.totalLobBytes
        } catch {
          // A group without a running node contributes nothing, as an unreachable node does.
        }
      }
    }
    const doc: BsonDocument = {
      Name: cs.name,
      UniqueID: int32(cs.uniqueId),
      PageSize: int32(cs.pageSize),
      LobPageSize: int32(cs.lobPageSize),
      TotalSize: double(data + lobBytes),
      FreeSize: double(0),
      TotalDataSize: double(data),
      FreeDataSize: double(0),
      TotalIndexSize: double(0),
      FreeIndexSize: double(0),
    }
    for (const n of ZERO_DOUBLES) doc[n] = double(0)
    Object.assign(doc, {
      MaxLobCapacity: double(17592186044416),
      TotalLobPages: double(0),
      TotalLobs: double(lobs),
      TotalUsedLobSpace: double(lobBytes),
      UsedLobSpaceRatio: double(0),
      FreeLobSpace: double(0),
      FreeLobSize: double(0),
      TotalLobSize: double(lobBytes),
      TotalValidLobSize: double(lobBytes),
      LobUsageRate: double(0),
      AvgLobSize: int64(lobs === 0 ? 0 : Math.floor(lobBytes / lobs)),
    })
    for (const n of LOB_DOUBLES) doc[n] = double(0)
    Object.assign(doc, {
      Collection: cls.map((c) => ({ Name: c.name, UniqueID: int64(c.uniqueId) })),
      Group: [...groups],
      CreateTime: sdbTimestamp(cs.createTime),
      UpdateTime: sdbTimestamp(cs.createTime),
    })
    return doc
  })
  return listResult(docs, args)
}
