import type { BsonDocument } from '@canopy/sdb-client/bson'
import { SdbFault } from '../../engine/fault.js'
import { compileCondition } from '../../engine/matcher.js'
import { partitionOf, type CatalogStore, type SplitRange } from '../../storage/index.js'
import { int32, int64, isDocument, optionalBool, optionalDocument, optionalNumber, requireString, toNumber } from '../args.js'
import { listResult } from '../list-result.js'
import { sdbTimestamp } from '../snapshots/identity.js'
import type { CommandHandler } from '../types.js'

/** One `SYSCAT.SYSTASKS` record, as `_clsSplitTask::toBson` writes it. */
interface SplitTask {
  readonly id: bigint
  readonly document: BsonDocument
}

/**
 * The split tasks of a cluster, kept with its catalog for the life of the process. A split runs
 * to its end before the command answers, so every task is finished when it is listed.
 */
const tasksByCatalog = new WeakMap<CatalogStore, SplitTask[]>()

function tasksOf(catalog: CatalogStore): SplitTask[] {
  let tasks = tasksByCatalog.get(catalog)
  if (tasks === undefined) {
    tasks = []
    tasksByCatalog.set(catalog, tasks)
  }
  return tasks
}

/** The hash partition a `SplitQuery` / `SplitEndQuery` names: the value of its first field. */
function partitionValue(query: BsonDocument, field: string): number {
  const first = Object.values(query)[0]
  const n = toNumber(first)
  if (n === undefined || !Number.isInteger(n)) throw new SdbFault(-176, `${field} must name a hash partition number`)
  return n
}

/**
 * `$split` `{Name, Source, Target, SplitQuery, SplitEndQuery}` or `{..., SplitPercent}`, with
 * `Async`: moves a hash-sharded collection's partitions from one group to another. The catalog
 * records the new ranges, then the records of those partitions go from the source primary to
 * the target primary (both logged, so the secondaries follow). `Async` answers `{TaskID}`.
 */
export const split: CommandHandler = (env, args) => {
  const c = args.condition
  const name = requireString(c, 'Name')
  const source = requireString(c, 'Source')
  const target = requireString(c, 'Target')
  const async = optionalBool(c, 'Async') ?? false
  const percent = optionalNumber(c, 'SplitPercent')
  let range: SplitRange
  if (percent !== undefined) range = { percent }
  else {
    const query = optionalDocument(c, 'SplitQuery')
    if (query === undefined || Object.keys(query).length === 0) throw new SdbFault(-6, 'SplitQuery or SplitPercent is required')
    const end = optionalDocument(c, 'SplitEndQuery')
    range = { low: partitionValue(query, 'SplitQuery'), high: end === undefined || Object.keys(end).length === 0 ? undefined : partitionValue(end, 'SplitEndQuery') }
  }
  env.router.collection(name)
  const from = env.cluster.group(source)
  const to = env.cluster.group(target)
  if (from === undefined || to === undefined) throw new SdbFault(-154, `Group[${from === undefined ? source : target}] does not exist`)
  // Both groups must take writes before the catalog changes (-104 without a primary).
  const src = env.router.writeTarget(from, 1)
  const dst = env.router.writeTarget(to, 1)
  const result = env.catalog.splitCollection(name, source, target, range)
  const info = result.collection
  dst.store.createCollection(name, env.catalog.listIndexes(name))
  const moving: { rid: number; doc: BsonDocument }[] = []
  for (const rec of src.store.tableScan(name)) {
    const p = partitionOf(rec.doc, info.shardingKey ?? {}, info.partition ?? 1)
    if (p >= result.low && p < result.high) moving.push({ rid: rec.rid, doc: rec.doc })
  }
  for (let i = 0; i < moving.length; i += 1000) {
    const part = moving.slice(i, i + 1000).map((m) => m.doc)
    dst.store.batch(() => dst.store.insert(name, part))
  }
  src.store.batch(() => {
    for (const m of moving) src.store.removeRecord(name, m.rid)
  })
  env.router.afterWrite(from)
  env.router.afterWrite(to)

  const tasks = tasksOf(env.catalog)
  const id = BigInt(tasks.length + 1)
  const document: BsonDocument = {
    TaskID: int64(id),
    TaskType: int32(0),
    TaskTypeDesc: 'Split',
    Status: int32(9),
    StatusDesc: 'Finish',
    ResultCode: int32(0),
    ResultCodeDesc: 'Succeed',
    Name: name,
    UniqueID: int64(info.uniqueId),
    SourceID: int32(result.sourceId),
    Source: source,
    TargetID: int32(result.targetId),
    Target: target,
    SplitValue: { '': int32(result.low) },
    SplitEndValue: { '': int32(result.high) },
    ShardingKey: info.shardingKey ?? {},
    ShardingType: 'hash',
    SplitPercent: percent ?? 0,
    EndTimestamp: sdbTimestamp(new Date()),
  }
  tasks.push({ id, document })
  return async ? { documents: [{ TaskID: int64(id) }] } : {}
}

/** `$list tasks`: the split tasks (`SYSCAT.SYSTASKS`). */
export const listTasks: CommandHandler = (env, args) => listResult(tasksOf(env.catalog).map((t) => t.document), args)

function taskIds(value: unknown): bigint[] {
  const values = Array.isArray(value) ? (value as unknown[]) : [value]
  return values.map((v) => {
    const n = toNumber(v as never)
    if (n === undefined) throw new SdbFault(-6, 'A task id must be a number')
    return BigInt(n)
  })
}

function requireTask(env: Parameters<CommandHandler>[0], id: bigint): void {
  if (!tasksOf(env.catalog).some((t) => t.id === id)) throw new SdbFault(-173, `Task[${String(id)}] does not exist`)
}

/**
 * `$wait task`: its condition selects tasks (`{TaskID: {$in: [...]}}` from the drivers), and it
 * returns once they have finished, which every task here already has.
 */
export const waitTask: CommandHandler = (_env, args) => {
  // A malformed condition is refused as any matcher is (-6).
  compileCondition(args.condition)
  return {}
}

/** `$cancel task` `{TaskID, Async}`: a finished task has nothing left to cancel; -173 unknown. */
export const cancelTask: CommandHandler = (env, args) => {
  const raw = args.condition['TaskID']
  if (raw === undefined || isDocument(raw)) throw new SdbFault(-6, 'TaskID is required')
  for (const id of taskIds(raw)) requireTask(env, id)
  return {}
}
