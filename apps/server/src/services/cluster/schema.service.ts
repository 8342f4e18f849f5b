/**
 * Collection spaces, collections, indexes, LOBs, snapshots and SQL. No req/res here.
 */
import type {
  CollectionSpaceSummary,
  CollectionStats,
  CollectionSummary,
  CreateCollectionBody,
  CreateCollectionSpaceBody,
  CreateIndexBody,
  IndexInfo,
  LobInfo,
  SnapshotType,
} from '@canopy/api-contract'
import { isRecord, str, toBigInt, toIntegerString, toNumber } from './bson-values.js'
import { notFound } from './errors.js'
import type { CallOptions, Doc, SdbPort } from './sdb-port.js'
import { toJsonDoc, toOptionalDoc } from './typed.js'

/** Every collection space with its collections. */
export async function listCollectionSpaces(port: SdbPort, options: CallOptions = {}): Promise<CollectionSpaceSummary[]> {
  const [spaces, collections, details] = await Promise.all([
    port.list('collectionspaces', { ...options, orderBy: { Name: 1 } }),
    port.list('collections', { ...options, orderBy: { Name: 1 } }),
    port.snapshot('collectionspaces', options).catch(() => [] as Doc[]),
  ])
  const byCs = new Map<string, string[]>()
  for (const c of collections) {
    const full = str(c.Name)
    if (full === undefined) continue
    const dot = full.indexOf('.')
    const cs = full.slice(0, dot)
    const list = byCs.get(cs) ?? []
    list.push(full.slice(dot + 1))
    byCs.set(cs, list)
  }
  const detailByName = new Map(details.map((d) => [str(d.Name) ?? '', d]))
  return spaces
    .map((s) => str(s.Name))
    .filter((n): n is string => n !== undefined)
    .map((name) => {
      const d = detailByName.get(name) ?? spaces.find((s) => s.Name === name) ?? {}
      return {
        name,
        collections: byCs.get(name) ?? [],
        pageSize: toNumber(d.PageSize) ?? null,
        lobPageSize: toNumber(d.LobPageSize) ?? null,
        domain: str(d.Domain) ?? null,
      }
    })
}

/** One collection space, or 404. */
export async function getCollectionSpace(port: SdbPort, name: string, options: CallOptions = {}): Promise<CollectionSpaceSummary> {
  const all = await listCollectionSpaces(port, options)
  const cs = all.find((c) => c.name === name)
  if (!cs) throw notFound(`Collection space "${name}" does not exist`, { sdbName: 'SDB_DMS_CS_NOTEXIST' })
  return cs
}

/** Creates a collection space with its options. */
export async function createCollectionSpace(port: SdbPort, body: CreateCollectionSpaceBody): Promise<void> {
  const options: Doc = {}
  if (body.pageSize !== undefined) options.PageSize = body.pageSize
  if (body.lobPageSize !== undefined) options.LobPageSize = body.lobPageSize
  if (body.domain !== undefined) options.Domain = body.domain
  await port.createCollectionSpace(body.name, options)
}

/** Statistics of collections, by full name, from `$snapshot collections`. */
async function statsByName(port: SdbPort, condition: Doc | undefined, options: CallOptions): Promise<Map<string, CollectionStats>> {
  const out = new Map<string, CollectionStats>()
  const docs = await port.snapshot('collections', { ...options, ...(condition ? { condition } : {}) }).catch(() => [] as Doc[])
  for (const d of docs) {
    const name = str(d.Name)
    if (name === undefined) continue
    let records = 0n
    let lobs = 0n
    let dataPages = 0
    let indexPages = 0
    let lobPages = 0
    let indexes = 0
    const groups: string[] = []
    const details = Array.isArray(d.Details) ? (d.Details as unknown[]) : []
    for (const det of details) {
      if (!isRecord(det)) continue
      const g = str(det.GroupName)
      if (g !== undefined) groups.push(g)
      const nodes = Array.isArray(det.Group) ? det.Group : [det]
      const n: unknown = nodes[0]
      if (!isRecord(n)) continue
      records += toBigInt(n.TotalRecords) ?? 0n
      lobs += toBigInt(n.TotalLobs) ?? 0n
      dataPages += toNumber(n.TotalDataPages) ?? 0
      indexPages += toNumber(n.TotalIndexPages) ?? 0
      lobPages += toNumber(n.TotalLobPages) ?? 0
      indexes = Math.max(indexes, toNumber(n.Indexes) ?? 0)
    }
    out.set(name, { totalRecords: records.toString(), totalLobs: lobs.toString(), totalDataPages: dataPages, totalIndexPages: indexPages, totalLobPages: lobPages, indexes, groups })
  }
  return out
}

/** Catalog descriptions of collections (`$snapshot catalog`, cluster only), by full name. */
async function catalogByName(port: SdbPort, condition: Doc | undefined, options: CallOptions): Promise<Map<string, Doc>> {
  const docs = await port.snapshot('catalog', { ...options, ...(condition ? { condition } : {}) }).catch(() => [] as Doc[])
  return new Map(docs.map((d) => [str(d.Name) ?? '', d]))
}

/** The collections of a space with their statistics. */
export async function listCollections(port: SdbPort, cs: string, options: CallOptions = {}): Promise<CollectionSummary[]> {
  const space = await getCollectionSpace(port, cs, options)
  const [stats, catalog] = await Promise.all([statsByName(port, undefined, options), catalogByName(port, undefined, options)])
  return space.collections.map((cl) => {
    const full = `${cs}.${cl}`
    const cat = catalog.get(full)
    return { name: cl, fullName: full, stats: stats.get(full) ?? null, catalog: cat ? toJsonDoc(cat) : null }
  })
}

/** One collection's details, or 404. */
export async function getCollection(port: SdbPort, cs: string, cl: string, options: CallOptions = {}): Promise<CollectionSummary> {
  const space = await getCollectionSpace(port, cs, options)
  if (!space.collections.includes(cl)) throw notFound(`Collection "${cs}.${cl}" does not exist`, { sdbName: 'SDB_DMS_NOTEXIST' })
  const full = `${cs}.${cl}`
  const [stats, catalog] = await Promise.all([statsByName(port, { Name: full }, options), catalogByName(port, { Name: full }, options)])
  const cat = catalog.get(full)
  return { name: cl, fullName: full, stats: stats.get(full) ?? null, catalog: cat ? toJsonDoc(cat) : null }
}

/** Creates a collection with every option SequoiaDB's createCL takes. */
export async function createCollection(port: SdbPort, cs: string, body: CreateCollectionBody): Promise<void> {
  const o: Doc = {}
  if (body.shardingKey !== undefined) o.ShardingKey = body.shardingKey
  if (body.shardingType !== undefined) o.ShardingType = body.shardingType
  if (body.partition !== undefined) o.Partition = body.partition
  if (body.replSize !== undefined) o.ReplSize = body.replSize
  if (body.compressed !== undefined) o.Compressed = body.compressed
  if (body.compressionType !== undefined) o.CompressionType = body.compressionType
  if (body.autoSplit !== undefined) o.AutoSplit = body.autoSplit
  if (body.group !== undefined) o.Group = body.group
  if (body.autoIndexId !== undefined) o.AutoIndexId = body.autoIndexId
  if (body.ensureShardingIndex !== undefined) o.EnsureShardingIndex = body.ensureShardingIndex
  if (body.strictDataMode !== undefined) o.StrictDataMode = body.strictDataMode
  if (body.isMainCL !== undefined) o.IsMainCL = body.isMainCL
  await port.createCollection(cs, body.name, o)
}

/** Indexes of a collection. */
export async function listIndexes(port: SdbPort, cs: string, cl: string, options: CallOptions = {}): Promise<IndexInfo[]> {
  const docs = await port.collection(cs, cl).listIndexes(options)
  return docs.map((d) => {
    const def = isRecord(d.IndexDef) ? d.IndexDef : d
    const key = isRecord(def.key) ? def.key : {}
    return {
      name: str(def.name) ?? '?',
      key: toJsonDoc(key),
      unique: def.unique === true,
      enforced: def.enforced === true,
      notNull: def.NotNull === true,
    }
  })
}

/** Creates an index. */
export async function createIndex(port: SdbPort, cs: string, cl: string, body: CreateIndexBody): Promise<void> {
  await port.collection(cs, cl).createIndex(body.name, { ...body.key }, {
    ...(body.unique === undefined ? {} : { unique: body.unique }),
    ...(body.enforced === undefined ? {} : { enforced: body.enforced }),
    ...(body.notNull === undefined ? {} : { notNull: body.notNull }),
    ...(body.sortBufferSize === undefined ? {} : { sortBufferSize: body.sortBufferSize }),
  })
}

/** LOBs of a collection. */
export async function listLobs(port: SdbPort, cs: string, cl: string, options: CallOptions = {}): Promise<LobInfo[]> {
  const docs = await port.collection(cs, cl).listLobs(options)
  return docs.map((d) => {
    const oid = d.Oid
    const created = d.CreateTime
    return {
      oid: oid !== undefined && oid !== null && typeof (oid as { toHexString?: unknown }).toHexString === 'function' ? (oid as { toHexString(): string }).toHexString() : String(oid),
      size: toIntegerString(d.Size) ?? '0',
      createTime: timeText(created),
      available: d.Available !== false,
    }
  })
}

/** A snapshot or list, in typed JSON. `list: true` reads `$list <type>` instead. */
export async function snapshot(
  port: SdbPort,
  type: SnapshotType,
  query: { condition?: unknown; orderBy?: unknown; list?: boolean },
  options: CallOptions = {},
): Promise<Record<string, unknown>[]> {
  const q = {
    ...options,
    condition: toOptionalDoc(query.condition, 'condition', 'operator'),
    orderBy: toOptionalDoc(query.orderBy, 'orderBy', 'value'),
  }
  const listable = ['sessions', 'contexts', 'collections', 'collectionspaces', 'transactions'] as const
  const asList = query.list === true && (listable as readonly string[]).includes(type)
  const docs = asList ? await port.list(type as (typeof listable)[number], q) : await port.snapshot(type, q)
  return docs.map((d) => toJsonDoc(d))
}

/** Runs one SQL statement; a select returns at most `limit` documents. */
export async function runSql(port: SdbPort, text: string, limit: number, options: CallOptions = {}): Promise<{ documents: Record<string, unknown>[]; truncated: boolean }> {
  const cursor = await port.sql(text, options)
  const documents: Record<string, unknown>[] = []
  let truncated = false
  try {
    for await (const d of cursor) {
      if (documents.length >= limit) {
        truncated = true
        break
      }
      documents.push(toJsonDoc(d))
    }
  } finally {
    await cursor.close()
  }
  return { documents, truncated }
}

/** ISO text of a time field: a Date, a Timestamp (`t` seconds, `i` microseconds), or ms. */
function timeText(v: unknown): string | null {
  let ms: number | undefined
  if (v instanceof Date) ms = v.getTime()
  else if (typeof v === 'object' && v !== null && 't' in v && 'i' in v) {
    const t = toNumber((v as { t: unknown }).t)
    const i = toNumber((v as { i: unknown }).i)
    if (t !== undefined) ms = t * 1000 + Math.floor((i ?? 0) / 1000)
  } else ms = toNumber(v)
  return ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString()
}
