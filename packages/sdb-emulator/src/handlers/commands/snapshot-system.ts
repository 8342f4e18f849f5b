import type { BsonDocument } from '@canopy/sdb-client/bson'
import { GroupRole } from '../../cluster/cluster.js'
import { NodeState } from '../../cluster/node-state.js'
import { double, int32, int64 } from '../args.js'
import { listResult } from '../list-result.js'
import { cpuStats, diskStats, memoryStats } from '../snapshots/host-stats.js'
import { identityFields } from '../snapshots/identity.js'
import type { CommandHandler } from '../types.js'
import { errNode, snapshotNodes } from './snapshot-database.js'

/** `$snapshot system`: host CPU, memory and disk (one merged record of doubles on a coordinator). */
export const snapshotSystem: CommandHandler = (env, args) => {
  const cpu = cpuStats()
  const mem = memoryStats()
  const disk = diskStats(undefined)
  if (env.node.group.role !== GroupRole.Coord) {
    const doc: BsonDocument = {
      ...identityFields(env, env.node),
      CPU: { User: double(cpu.user), Sys: double(cpu.sys), Idle: double(cpu.idle), IOWait: double(0), Other: double(cpu.other) },
      Memory: {
        LoadPercent: int32(Math.round(((mem.totalRam - mem.freeRam) * 100) / Math.max(1, mem.totalRam))),
        TotalRAM: int64(mem.totalRam),
        FreeRAM: int64(mem.freeRam),
        AvailableRAM: int64(mem.freeRam),
        TotalSwap: int64(0),
        FreeSwap: int64(0),
        TotalVirtual: int64(mem.totalRam),
        FreeVirtual: int64(mem.freeRam),
      },
      Disk: { Name: 'emulator', DatabasePath: env.node.dbpath, LoadPercent: int32(disk.loadPercent), TotalSpace: int64(disk.total), FreeSpace: int64(disk.free) },
    }
    return listResult([doc], args)
  }
  const doc: BsonDocument = {
    CPU: { User: double(cpu.user), Sys: double(cpu.sys), Idle: double(cpu.idle), Other: double(cpu.other) },
    Memory: {
      TotalRAM: double(mem.totalRam),
      FreeRAM: double(mem.freeRam),
      TotalSwap: double(0),
      FreeSwap: double(0),
      TotalVirtual: double(mem.totalRam),
      FreeVirtual: double(mem.freeRam),
    },
    Disk: { TotalSpace: double(disk.total), FreeSpace: double(disk.free) },
    ErrNodes: snapshotNodes(env).filter((n) => n.state !== NodeState.Running).map(errNode),
  }
  return listResult([doc], args)
}
