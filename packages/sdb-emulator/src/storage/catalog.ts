import { createHash, createHmac, pbkdf2Sync, randomBytes, randomInt } from 'node:crypto'
import {
  decodeDocument,
  documentKeys,
  Double,
  encodeDocument,
  Int32,
  Long,
  ObjectId,
  type BsonDocument,
  type BsonValue,
} from '@canopy/sdb-client/bson'
import { SdbFault } from '../engine/fault.js'
import { inTransaction, openNodeDatabase, type SqliteDatabase, type SqliteStatement } from './database.js'
import { buildIndexDefinition, idIndexDefinition, indexDefinitionFromDocument, isDocument } from './index-definition.js'
import type {
  CatalogStore,
  CollectionInfo,
  CollectionPlacement,
  CollectionSpaceInfo,
  DomainInfo,
  GroupInfo,
  NodeInfo,
  SplitRange,
  SplitResult,
  UserInfo,
} from './index.js'
import type { IndexDefinition, StoreLocation } from './types.js'

const SDB_INVALIDARG = -6
const SDB_DMS_EXIST = -22
const SDB_DMS_NOTEXIST = -23
const SDB_DMS_CS_EXIST = -33
const SDB_DMS_CS_NOTEXIST = -34
const SDB_IXM_EXIST = -46
const SDB_IXM_NOTEXIST = -47
const SDB_IXM_DROP_ID = -56
const SDB_IXM_DROP_SHARD = -164
const SDBCM_NODE_EXISTED = -145
const SDB_CAT_GRP_EXIST = -153
const SDB_CLS_GRP_NOT_EXIST = -154
const SDB_CLS_NODE_NOT_EXIST = -155
const SDB_AUTH_AUTHORITY_FORBIDDEN = -179
const SDB_CATA_RM_NODE_FORBIDDEN = -204
const SDB_CATA_RM_CATA_FORBIDDEN = -206
const SDB_CAT_RM_GRP_FORBIDDEN = -208
const SDB_CAT_DOMAIN_NOT_EXIST = -214
const SDB_CAT_DOMAIN_EXIST = -215
const SDB_IXM_REDEF = -247
const SDB_DMS_REACHED_MAX_NODES = -249
const SDB_DOMAIN_IS_OCCUPIED = -256
const SDB_DMS_CS_NOT_EMPTY = -275
const SDB_IXM_EXIST_COVERD_ONE = -291
const SDB_COLLECTION_NOTSHARD = -169
const SDB_CL_NOT_EXIST_ON_GROUP = -172
const SDB_CLS_BAD_SPLIT_KEY = -176
const SDB_CAT_GROUP_NOT_IN_DOMAIN = -216
const SDB_AUTH_USER_ALREADY_EXIST = -295
const SDB_AUTH_USER_NOT_EXIST = -300

/** Group ids and names of contract §12.1. */
export const SystemGroup = {
  catalog: { name: 'SYSCatalogGroup', id: 1, role: 2 },
  coord: { name: 'SYSCoord', id: 2, role: 1 },
  spare: { name: 'SYSSpare', id: 5, role: 0 },
} as const

const DATA_GROUP_ID_BEGIN = 1000
const DATA_NODE_ID_BEGIN = 1000
const SYS_NODE_ID_BEGIN = 1
const MAX_NODES_PER_GROUP = 7
const DEFAULT_PAGE_SIZE = 65536
const DEFAULT_LOB_PAGE_SIZE = 262144
const DEFAULT_PARTITION = 4096
const SCRAM_ITERATIONS = 15000
const NAME_FORBIDDEN = ['.', '\\', '/', ':', '*', '?', '"', '<', '>', '|']
const COMPRESSION_TYPES = ['snappy', 'lzw', 'lz4', 'zlib'] as const

const CS_OPTIONS = new Set(['Name', 'PageSize', 'LobPageSize', 'Domain', 'Capped', 'DataSource', 'Mapping'])
const CL_OPTIONS = new Set([
  'Name',
  'ShardingKey',
  'ShardingType',
  'Partition',
  'ReplSize',
  'ConsistencyStrategy',
  'Compressed',
  'CompressionType',
  'AutoSplit',
  'AutoRebalance',
  'Group',
  'EnsureShardingIndex',
  'IsMainCL',
  'AutoIndexId',
  'Capped',
  'Size',
  'Max',
  'OverWrite',
  'StrictDataMode',
  'NoTrans',
  'LobShardingKeyFormat',
  'AutoIncrement',
  'DataSource',
  'Mapping',
])

interface SpaceRecord {
  name: string
  uniqueId: number
  pageSize: number
  lobPageSize: number
  domain?: string | undefined
  capped: boolean
  createTime: number
  /** High-water mark of the collection/index sequence inside the space. */
  hwm: number
}

interface CollectionRecord {
  name: string
  uniqueId: bigint
  version: number
  replSize: number
  consistencyStrategy: number
  shardingKey?: BsonDocument | undefined
  shardingType?: 'hash' | 'range' | undefined
  partition?: number | undefined
  ensureShardingIndex: boolean
  autoSplit: boolean
  compressed: boolean
  compressionType?: string | undefined
  strictDataMode: boolean
  noTrans: boolean
  placement: CollectionPlacement[]
  indexes: BsonDocument[]
}

interface NodeRecord {
  nodeId: number
  hostName: string
  port: number
  dbpath: string
  status: number
}

interface GroupRecord {
  name: string
  id: number
  role: number
  version: number
  status: number
  secretId: number
  primaryNode?: number | undefined
  objectId: string
  nodes: NodeRecord[]
  /** Set by the first change after creation: the stored document's fields are then in byte order. */
  updated?: boolean | undefined
}

interface UserRecord {
  user: string
  passwd: string
  options: BsonDocument
  salt: string
  storedKey: string
  serverKey: string
}

interface DomainRecord {
  name: string
  groups: string[]
  autoSplit: boolean
  autoRebalance: boolean
}

type Kind = 'cs' | 'cl' | 'group' | 'user' | 'domain'

/**
 * The catalog node's store: SYSCAT/SYSAUTH content kept in memory and written through to one
 * SQLite table of BSON documents, so every acknowledged DDL survives a restart.
 */
export class SqliteCatalogStore implements CatalogStore {
  private readonly db: SqliteDatabase
  private readonly statements = new Map<string, SqliteStatement>()
  private readonly spaces = new Map<string, SpaceRecord>()
  private readonly collections = new Map<string, CollectionRecord>()
  private readonly groups = new Map<string, GroupRecord>()
  private readonly users = new Map<string, UserRecord>()
  private readonly domains = new Map<string, DomainRecord>()

  constructor(location: StoreLocation) {
    this.db = openNodeDatabase(location)
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS objects(kind TEXT NOT NULL, name TEXT NOT NULL, seq INTEGER NOT NULL,
        doc BLOB NOT NULL, PRIMARY KEY(kind, name));
      CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `)
    this.load()
  }

  private stmt(sql: string): SqliteStatement {
    let statement = this.statements.get(sql)
    if (statement === undefined) {
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  // ---- persistence ---------------------------------------------------------------------------

  private load(): void {
    const rows = this.stmt('SELECT kind, doc FROM objects ORDER BY seq').all() as { kind: Kind; doc: Buffer }[]
    for (const row of rows) {
      const doc = decodeDocument(row.doc)
      const value = fromStored(doc['v'])
      switch (row.kind) {
        case 'cs': {
          const record = value as SpaceRecord
          this.spaces.set(record.name, record)
          break
        }
        case 'cl': {
          // JSON has no bigint: the unique id is stored as its decimal string.
          const stored = value as Omit<CollectionRecord, 'uniqueId'> & { uniqueId: string }
          const indexes = doc['i']
          const key = doc['k']
          const record: CollectionRecord = {
            ...stored,
            uniqueId: BigInt(stored.uniqueId),
            indexes: Array.isArray(indexes) ? (indexes as BsonDocument[]) : [],
            shardingKey: isDocument(key) ? key : undefined,
          }
          this.collections.set(record.name, record)
          break
        }
        case 'group': {
          const record = value as GroupRecord
          this.groups.set(record.name, record)
          break
        }
        case 'user': {
          const record = value as UserRecord
          const options = doc['o']
          record.options = isDocument(options) ? options : {}
          this.users.set(record.user, record)
          break
        }
        case 'domain': {
          const record = value as DomainRecord
          this.domains.set(record.name, record)
          break
        }
      }
    }
  }

  private save(kind: Kind, name: string, doc: BsonDocument): void {
    const next = this.stmt('SELECT coalesce(max(seq), 0) + 1 AS seq FROM objects').get() as { seq: number }
    this.stmt(
      'INSERT INTO objects(kind, name, seq, doc) VALUES (?, ?, ?, ?) ON CONFLICT(kind, name) DO UPDATE SET doc = excluded.doc',
    ).run(kind, name, next.seq, encodeDocument(doc))
  }

  private forget(kind: Kind, name: string): void {
    this.stmt('DELETE FROM objects WHERE kind = ? AND name = ?').run(kind, name)
  }

  private saveSpace(record: SpaceRecord): void {
    this.save('cs', record.name, { v: toStored(record) })
  }

  private saveCollection(record: CollectionRecord): void {
    const { indexes, shardingKey, ...rest } = record
    this.save('cl', record.name, {
      v: toStored({ ...rest, uniqueId: record.uniqueId.toString() }),
      i: indexes,
      k: shardingKey ?? null,
    })
  }

  /** Saves a changed group (creation saves directly, keeping the creation field order). */
  private saveGroup(record: GroupRecord): void {
    record.updated = true
    this.save('group', record.name, { v: toStored(record) })
  }

  private saveUser(record: UserRecord): void {
    const { options, ...rest } = record
    this.save('user', record.user, { v: toStored(rest), o: options })
  }

  private saveDomain(record: DomainRecord): void {
    this.save('domain', record.name, { v: toStored(record) })
  }

  getSetting(key: string): string | undefined {
    const row = this.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
    return row?.value
  }

  setSetting(key: string, value: string): void {
    this.stmt('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  // ---- collection spaces ---------------------------------------------------------------------

  createCollectionSpace(options: BsonDocument): CollectionSpaceInfo {
    rejectUnknown(options, CS_OPTIONS)
    const name = options['Name']
    if (typeof name !== 'string') throw new SdbFault(SDB_INVALIDARG, 'Field[Name] is missing or not a string')
    checkSpaceName(name)
    const pageSize = pageSizeOption(options['PageSize'], 'PageSize', DEFAULT_PAGE_SIZE, 4096, 65536)
    const lobPageSize = pageSizeOption(options['LobPageSize'], 'LobPageSize', DEFAULT_LOB_PAGE_SIZE, 4096, 524288)
    const domain = options['Domain']
    if (domain !== undefined && typeof domain !== 'string') throw new SdbFault(SDB_INVALIDARG, 'Field[Domain] must be a string')
    const capped = boolOption(options, 'Capped', false)
    if (this.spaces.has(name)) throw new SdbFault(SDB_DMS_CS_EXIST, `Collection space[${name}] already exists`)
    if (domain !== undefined && !this.domains.has(domain)) {
      throw new SdbFault(SDB_CAT_DOMAIN_NOT_EXIST, `Domain[${domain}] does not exist`)
    }
    const record: SpaceRecord = { name, uniqueId: this.counter('csUniqueId') + 1, pageSize, lobPageSize, domain, capped, createTime: Date.now(), hwm: 0 }
    inTransaction(this.db, () => {
      this.setSetting('csUniqueId', String(record.uniqueId))
      this.saveSpace(record)
    })
    this.spaces.set(name, record)
    return this.spaceInfo(record)
  }

  private counter(key: string): number {
    return Number(this.getSetting(key) ?? '0')
  }

  private spaceInfo(record: SpaceRecord): CollectionSpaceInfo {
    const collections = [...this.collections.values()].filter((cl) => cl.name.startsWith(`${record.name}.`))
    const document: BsonDocument = {
      Name: record.name,
      UniqueID: new Int32(record.uniqueId),
      PageSize: new Int32(record.pageSize),
      LobPageSize: new Int32(record.lobPageSize),
    }
    if (record.domain !== undefined) document['Domain'] = record.domain
    document['Collection'] = collections.map((cl) => ({ Name: cl.name.slice(record.name.length + 1), UniqueID: Long.fromBigInt(cl.uniqueId) }))
    document['CLUniqueHWM'] = Long.fromBigInt((BigInt(record.uniqueId) << 32n) + BigInt(record.hwm))
    document['CreateTime'] = new Date(record.createTime)
    return {
      name: record.name,
      uniqueId: record.uniqueId,
      pageSize: record.pageSize,
      lobPageSize: record.lobPageSize,
      domain: record.domain,
      createTime: new Date(record.createTime),
      document,
    }
  }

  private space(name: string): SpaceRecord {
    const record = this.spaces.get(name)
    if (record === undefined) throw new SdbFault(SDB_DMS_CS_NOTEXIST, `Collection space[${name}] does not exist`)
    return record
  }

  dropCollectionSpace(name: string, ensureEmpty = false): { space: CollectionSpaceInfo; collections: CollectionInfo[] } {
    const record = this.space(name)
    const members = [...this.collections.values()].filter((cl) => cl.name.startsWith(`${name}.`))
    if (ensureEmpty && members.length > 0) throw new SdbFault(SDB_DMS_CS_NOT_EMPTY, `Collection space[${name}] is not empty`)
    const space = this.spaceInfo(record)
    const collections = members.map((cl) => this.collectionInfo(cl))
    inTransaction(this.db, () => {
      for (const cl of members) {
        this.forget('cl', cl.name)
        this.collections.delete(cl.name)
      }
      this.forget('cs', name)
    })
    this.spaces.delete(name)
    return { space, collections }
  }

  getCollectionSpace(name: string): CollectionSpaceInfo | undefined {
    const record = this.spaces.get(name)
    return record === undefined ? undefined : this.spaceInfo(record)
  }

  listCollectionSpaces(): CollectionSpaceInfo[] {
    return [...this.spaces.values()].map((record) => this.spaceInfo(record))
  }

  renameCollectionSpace(oldName: string, newName: string): void {
    const record = this.space(oldName)
    checkSpaceName(newName)
    if (this.spaces.has(newName)) throw new SdbFault(SDB_DMS_CS_EXIST, `Collection space[${newName}] already exists`)
    inTransaction(this.db, () => {
      for (const cl of [...this.collections.values()]) {
        if (!cl.name.startsWith(`${oldName}.`)) continue
        this.forget('cl', cl.name)
        this.collections.delete(cl.name)
        cl.name = `${newName}.${cl.name.slice(oldName.length + 1)}`
        this.collections.set(cl.name, cl)
        this.saveCollection(cl)
      }
      this.forget('cs', oldName)
      this.spaces.delete(oldName)
      record.name = newName
      this.spaces.set(newName, record)
      this.saveSpace(record)
    })
  }

  alterCollectionSpace(name: string, options: BsonDocument): CollectionSpaceInfo {
    const record = this.space(name)
    const allowed = new Set(['PageSize', 'LobPageSize', 'Domain', 'Capped'])
    rejectUnknown(options, allowed)
    if (options['PageSize'] !== undefined) record.pageSize = pageSizeOption(options['PageSize'], 'PageSize', DEFAULT_PAGE_SIZE, 4096, 65536)
    if (options['LobPageSize'] !== undefined) {
      record.lobPageSize = pageSizeOption(options['LobPageSize'], 'LobPageSize', DEFAULT_LOB_PAGE_SIZE, 4096, 524288)
    }
    if (options['Domain'] !== undefined) {
      const domain = options['Domain']
      if (typeof domain !== 'string') throw new SdbFault(SDB_INVALIDARG, 'Field[Domain] must be a string')
      if (!this.domains.has(domain)) throw new SdbFault(SDB_CAT_DOMAIN_NOT_EXIST, `Domain[${domain}] does not exist`)
      record.domain = domain
    }
    if (options['Capped'] !== undefined) record.capped = boolOption(options, 'Capped', record.capped)
    this.saveSpace(record)
    return this.spaceInfo(record)
  }

  // ---- collections ---------------------------------------------------------------------------

  createCollection(options: BsonDocument, createSpace = false): CollectionInfo {
    rejectUnknown(options, CL_OPTIONS)
    const fullName = options['Name']
    if (typeof fullName !== 'string') throw new SdbFault(SDB_INVALIDARG, 'Field[Name] is missing or not a string')
    const { space: spaceName, short } = splitFullName(fullName)
    if (!this.spaces.has(spaceName)) {
      if (!createSpace) throw new SdbFault(SDB_DMS_CS_NOTEXIST, `Collection space[${spaceName}] does not exist`)
      this.createCollectionSpace({ Name: spaceName })
    }
    const space = this.space(spaceName)
    checkCollectionName(short)
    if (this.collections.has(fullName)) throw new SdbFault(SDB_DMS_EXIST, `Collection[${fullName}] already exists`)

    const shardingKey = options['ShardingKey']
    if (shardingKey !== undefined && (!isDocument(shardingKey) || Object.keys(shardingKey).length === 0)) {
      throw new SdbFault(SDB_INVALIDARG, 'Field[ShardingKey] must be a non-empty object')
    }
    if (shardingKey !== undefined) {
      for (const value of Object.values(shardingKey)) {
        const direction = numberOf(value)
        if (direction !== 1 && direction !== -1) throw new SdbFault(SDB_INVALIDARG, 'ShardingKey fields must be 1 or -1')
      }
    }
    const shardingTypeValue = options['ShardingType'] ?? (shardingKey === undefined ? undefined : 'hash')
    if (shardingTypeValue !== undefined && shardingTypeValue !== 'hash' && shardingTypeValue !== 'range') {
      throw new SdbFault(SDB_INVALIDARG, `Invalid ShardingType: ${describe(shardingTypeValue)}`)
    }
    if (shardingTypeValue !== undefined && shardingKey === undefined) {
      throw new SdbFault(SDB_INVALIDARG, 'ShardingType requires ShardingKey')
    }
    const shardingType = shardingTypeValue
    let partition: number | undefined
    if (shardingType === 'hash') {
      const given = options['Partition']
      partition = given === undefined ? DEFAULT_PARTITION : numberOf(given)
      if (partition === undefined || !Number.isInteger(partition) || partition < 8 || partition > 1048576 || (partition & (partition - 1)) !== 0) {
        throw new SdbFault(SDB_INVALIDARG, 'Partition must be a power of 2 between 8 and 1048576')
      }
    }
    const replSize = replSizeOption(options['ReplSize'])
    const consistency = options['ConsistencyStrategy'] === undefined ? 3 : numberOf(options['ConsistencyStrategy'])
    if (consistency === undefined || ![1, 2, 3].includes(consistency)) {
      throw new SdbFault(SDB_INVALIDARG, 'ConsistencyStrategy must be 1, 2 or 3')
    }
    const compressionType = options['CompressionType']
    if (compressionType !== undefined && (typeof compressionType !== 'string' || !(COMPRESSION_TYPES as readonly string[]).includes(compressionType))) {
      throw new SdbFault(SDB_INVALIDARG, `Invalid CompressionType: ${describe(compressionType)}`)
    }
    const compressed = boolOption(options, 'Compressed', true)
    if (!compressed && compressionType !== undefined) throw new SdbFault(SDB_INVALIDARG, 'CompressionType requires Compressed: true')
    // A hash-sharded collection in an AutoSplit domain is split unless it says otherwise.
    const domainSplits = space.domain !== undefined && (this.domains.get(space.domain)?.autoSplit ?? false) && shardingType === 'hash'
    const autoSplit = boolOption(options, 'AutoSplit', domainSplits)
    if (autoSplit && shardingType !== 'hash') throw new SdbFault(SDB_INVALIDARG, 'AutoSplit only on hash sharding')
    for (const flag of ['AutoRebalance', 'EnsureShardingIndex', 'IsMainCL', 'AutoIndexId', 'Capped', 'OverWrite', 'StrictDataMode', 'NoTrans']) {
      boolOption(options, flag, false)
    }
    const groupName = options['Group']
    if (groupName !== undefined && typeof groupName !== 'string') throw new SdbFault(SDB_INVALIDARG, 'Field[Group] must be a string')

    const candidates = this.candidateGroups(space, groupName)
    space.hwm += 1
    const uniqueId = (BigInt(space.uniqueId) << 32n) + BigInt(space.hwm)
    const record: CollectionRecord = {
      name: fullName,
      uniqueId,
      version: 1,
      replSize,
      consistencyStrategy: consistency,
      shardingKey: shardingKey === undefined ? undefined : cloneKey(shardingKey),
      shardingType,
      partition,
      ensureShardingIndex: boolOption(options, 'EnsureShardingIndex', true),
      autoSplit,
      compressed,
      compressionType: compressed ? (compressionType ?? 'lzw') : undefined,
      strictDataMode: boolOption(options, 'StrictDataMode', false),
      noTrans: boolOption(options, 'NoTrans', false),
      placement: this.place(candidates, autoSplit, partition),
      indexes: [idIndexDefinition(uniqueId).document],
    }
    if (shardingKey !== undefined && record.ensureShardingIndex) {
      // The real catalog backs the sharding key with a `$shard` index.
      space.hwm += 1
      record.indexes.push(
        buildIndexDefinition({
          name: '$shard',
          key: cloneKey(shardingKey),
          unique: false,
          enforced: false,
          notNull: false,
          notArray: false,
          uniqueId: (BigInt(space.uniqueId) << 32n) + BigInt(space.hwm),
        }).document,
      )
    }
    inTransaction(this.db, () => {
      this.saveSpace(space)
      this.saveCollection(record)
    })
    this.collections.set(fullName, record)
    return this.collectionInfo(record)
  }

  /** Data groups a new collection may go to: the named one, the domain's, or every data group. */
  private candidateGroups(space: SpaceRecord, groupName: string | undefined): GroupRecord[] {
    if (groupName !== undefined) {
      const group = this.groups.get(groupName)
      if (group === undefined || group.role !== 0) throw new SdbFault(SDB_CLS_GRP_NOT_EXIST, `Group[${groupName}] does not exist`)
      if (space.domain !== undefined && !(this.domains.get(space.domain)?.groups.includes(groupName) ?? false)) {
        throw new SdbFault(SDB_INVALIDARG, `Group[${groupName}] is not in domain[${space.domain}]`)
      }
      return [group]
    }
    const names = space.domain === undefined ? undefined : this.domains.get(space.domain)?.groups
    const groups = [...this.groups.values()].filter(
      (g) => g.role === 0 && g.name !== SystemGroup.spare.name && (names === undefined || names.includes(g.name)),
    )
    if (groups.length === 0) throw new SdbFault(-158, 'There is no data group to hold the collection')
    return groups
  }

  private place(candidates: GroupRecord[], autoSplit: boolean, partition: number | undefined): CollectionPlacement[] {
    if (autoSplit && partition !== undefined) {
      // The real catalog walks the groups in name order and gives each an equal run of partitions.
      const sorted = [...candidates].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      if (partition < sorted.length) throw new SdbFault(SDB_INVALIDARG, 'Partition can not less than group number of domain')
      const average = Math.floor(partition / sorted.length)
      const modMark = sorted.length - (partition % sorted.length)
      let low = 0
      let high = average
      return sorted.map((group, index) => {
        if (index >= modMark) high += 1
        const placement = { groupId: group.id, groupName: group.name, lowPartition: low, highPartition: high }
        low = high
        high += average
        return placement
      })
    }
    // Spread: the group holding the fewest collections, ties broken by group id.
    const load = new Map<number, number>()
    for (const cl of this.collections.values()) {
      for (const p of cl.placement) load.set(p.groupId, (load.get(p.groupId) ?? 0) + 1)
    }
    const chosen = [...candidates].sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || a.id - b.id)[0]
    if (chosen === undefined) throw new SdbFault(-158, 'There is no data group to hold the collection')
    return partition === undefined
      ? [{ groupId: chosen.id, groupName: chosen.name }]
      : [{ groupId: chosen.id, groupName: chosen.name, lowPartition: 0, highPartition: partition }]
  }

  private collectionInfo(record: CollectionRecord): CollectionInfo {
    const { space } = splitFullName(record.name)
    const document: BsonDocument = {
      Name: record.name,
      UniqueID: Long.fromBigInt(record.uniqueId),
      Version: new Int32(record.version),
      ReplSize: new Int32(record.replSize),
      ConsistencyStrategy: new Int32(record.consistencyStrategy),
      Attribute: new Int32((record.compressed ? 1 : 0) | (record.strictDataMode ? 8 : 0) | (record.noTrans ? 16 : 0)),
      AttributeDesc: [record.compressed ? 'Compressed' : '', record.strictDataMode ? 'StrictDataMode' : '', record.noTrans ? 'NoTrans' : '']
        .filter((s) => s !== '')
        .join(' | '),
    }
    if (record.compressed && record.compressionType !== undefined) {
      document['CompressionType'] = new Int32(COMPRESSION_TYPES.indexOf(record.compressionType as (typeof COMPRESSION_TYPES)[number]))
      document['CompressionTypeDesc'] = record.compressionType
    }
    if (record.shardingKey !== undefined) {
      document['ShardingKey'] = record.shardingKey
      document['EnsureShardingIndex'] = record.ensureShardingIndex
      document['ShardingType'] = record.shardingType ?? 'hash'
      if (record.partition !== undefined) {
        document['Partition'] = new Int32(record.partition)
        document['InternalV'] = new Int32(3)
      }
    }
    if (record.autoSplit) document['AutoSplit'] = true
    document['CataInfo'] = record.placement.map((p, index) => {
      const item: BsonDocument = {}
      if (record.placement.length > 1) item['ID'] = new Int32(index)
      item['GroupID'] = new Int32(p.groupId)
      item['GroupName'] = p.groupName
      if (p.lowPartition !== undefined && p.highPartition !== undefined) {
        item['LowBound'] = { '': new Int32(p.lowPartition) }
        item['UpBound'] = { '': new Int32(p.highPartition) }
      }
      return item
    })
    return {
      name: record.name,
      collectionSpace: space,
      uniqueId: record.uniqueId,
      version: record.version,
      replSize: record.replSize,
      shardingKey: record.shardingKey,
      shardingType: record.shardingType,
      partition: record.partition,
      autoSplit: record.autoSplit,
      compressed: record.compressed,
      compressionType: record.compressionType,
      placement: record.placement,
      document,
    }
  }

  private collection(fullName: string): CollectionRecord {
    const record = this.collections.get(fullName)
    if (record !== undefined) return record
    const dot = fullName.indexOf('.')
    if (dot > 0 && !this.spaces.has(fullName.slice(0, dot))) {
      throw new SdbFault(SDB_DMS_CS_NOTEXIST, `Collection space[${fullName.slice(0, dot)}] does not exist`)
    }
    throw new SdbFault(SDB_DMS_NOTEXIST, `Collection[${fullName}] does not exist`)
  }

  dropCollection(fullName: string): CollectionInfo {
    const record = this.collection(fullName)
    this.forget('cl', fullName)
    this.collections.delete(fullName)
    return this.collectionInfo(record)
  }

  splitCollection(fullName: string, source: string, target: string, split: SplitRange): SplitResult {
    const record = this.collection(fullName)
    if (record.shardingKey === undefined) throw new SdbFault(SDB_COLLECTION_NOTSHARD, `Collection[${fullName}] is not sharded`)
    if (record.shardingType !== 'hash' || record.partition === undefined) {
      throw new SdbFault(SDB_INVALIDARG, 'The emulator splits hash-sharded collections only')
    }
    const from = this.group(source)
    const to = this.group(target)
    if (from.id === to.id) throw new SdbFault(SDB_INVALIDARG, 'The source and the target group are the same')
    if (to.role !== 0 || to.name === SystemGroup.spare.name) throw new SdbFault(SDB_INVALIDARG, `Group[${target}] is not a data group`)
    const owned = record.placement.filter((p) => p.groupId === from.id)
    if (owned.length === 0) throw new SdbFault(SDB_CL_NOT_EXIST_ON_GROUP, `Collection[${fullName}] does not exist on group[${source}]`)
    const space = this.space(splitFullName(fullName).space)
    if (space.domain !== undefined && !(this.domains.get(space.domain)?.groups.includes(to.name) ?? false)) {
      throw new SdbFault(SDB_CAT_GROUP_NOT_IN_DOMAIN, `Group[${target}] is not in domain[${space.domain}]`)
    }
    let low: number
    let high: number
    if ('percent' in split) {
      // By percent: that share of the source's partitions, taken from the top of its ranges.
      if (!(split.percent > 0 && split.percent <= 100)) throw new SdbFault(SDB_INVALIDARG, 'SplitPercent must be in (0, 100]')
      const ranges = owned.map((p) => [p.lowPartition ?? 0, p.highPartition ?? record.partition!] as const).sort((a, b) => a[0] - b[0])
      const last = ranges[ranges.length - 1]!
      const count = Math.max(1, Math.round(((last[1] - last[0]) * split.percent) / 100))
      high = last[1]
      low = high - count
    } else {
      low = split.low
      high = split.high ?? record.partition
      const inSource = (n: number): boolean => owned.some((p) => n >= (p.lowPartition ?? 0) && n < (p.highPartition ?? record.partition!))
      if (!Number.isInteger(low) || !Number.isInteger(high) || low < 0 || high > record.partition || low >= high) {
        throw new SdbFault(SDB_CLS_BAD_SPLIT_KEY, 'The split key is not valid')
      }
      for (let n = low; n < high; n += 1) {
        if (!inSource(n)) throw new SdbFault(SDB_CLS_BAD_SPLIT_KEY, `Partition ${String(n)} is not in group[${source}]`)
      }
    }
    const next: CollectionPlacement[] = []
    for (const p of record.placement) {
      const lo = p.lowPartition ?? 0
      const hi = p.highPartition ?? record.partition
      if (p.groupId !== from.id || hi <= low || lo >= high) {
        next.push(p)
        continue
      }
      if (lo < low) next.push({ ...p, lowPartition: lo, highPartition: low })
      next.push({ groupId: to.id, groupName: to.name, lowPartition: Math.max(lo, low), highPartition: Math.min(hi, high) })
      if (hi > high) next.push({ ...p, lowPartition: high, highPartition: hi })
    }
    record.placement = next.sort((a, b) => (a.lowPartition ?? 0) - (b.lowPartition ?? 0))
    record.version += 1
    this.saveCollection(record)
    return { collection: this.collectionInfo(record), low, high, sourceId: from.id, targetId: to.id }
  }

  getCollection(fullName: string): CollectionInfo | undefined {
    const record = this.collections.get(fullName)
    return record === undefined ? undefined : this.collectionInfo(record)
  }

  listCollections(): CollectionInfo[] {
    return [...this.collections.values()].map((record) => this.collectionInfo(record))
  }

  renameCollection(space: string, oldShortName: string, newShortName: string): CollectionInfo {
    this.space(space)
    const record = this.collection(`${space}.${oldShortName}`)
    checkCollectionName(newShortName)
    const newName = `${space}.${newShortName}`
    if (this.collections.has(newName)) throw new SdbFault(SDB_DMS_EXIST, `Collection[${newName}] already exists`)
    inTransaction(this.db, () => {
      this.forget('cl', record.name)
      this.collections.delete(record.name)
      record.name = newName
      record.version += 1
      this.collections.set(newName, record)
      this.saveCollection(record)
    })
    return this.collectionInfo(record)
  }

  alterCollection(fullName: string, options: BsonDocument): CollectionInfo {
    const record = this.collection(fullName)
    const allowed = new Set(['ReplSize', 'ConsistencyStrategy', 'Compressed', 'CompressionType', 'StrictDataMode', 'NoTrans', 'AutoIncrement', 'ShardingKey', 'ShardingType', 'Partition', 'AutoSplit', 'AutoRebalance', 'EnsureShardingIndex', 'Version'])
    rejectUnknown(options, allowed)
    if (options['ReplSize'] !== undefined) record.replSize = replSizeOption(options['ReplSize'])
    if (options['ConsistencyStrategy'] !== undefined) {
      const value = numberOf(options['ConsistencyStrategy'])
      if (value === undefined || ![1, 2, 3].includes(value)) throw new SdbFault(SDB_INVALIDARG, 'ConsistencyStrategy must be 1, 2 or 3')
      record.consistencyStrategy = value
    }
    if (options['Compressed'] !== undefined) {
      record.compressed = boolOption(options, 'Compressed', record.compressed)
      record.compressionType = record.compressed ? (record.compressionType ?? 'lzw') : undefined
    }
    const compressionType = options['CompressionType']
    if (compressionType !== undefined) {
      if (typeof compressionType !== 'string' || !(COMPRESSION_TYPES as readonly string[]).includes(compressionType)) {
        throw new SdbFault(SDB_INVALIDARG, `Invalid CompressionType: ${describe(compressionType)}`)
      }
      record.compressed = true
      record.compressionType = compressionType
    }
    if (options['StrictDataMode'] !== undefined) record.strictDataMode = boolOption(options, 'StrictDataMode', false)
    if (options['NoTrans'] !== undefined) record.noTrans = boolOption(options, 'NoTrans', false)
    record.version += 1
    this.saveCollection(record)
    return this.collectionInfo(record)
  }

  groupForDocument(collection: CollectionInfo, doc: BsonDocument): CollectionPlacement {
    const first = collection.placement[0]
    if (first === undefined) throw new SdbFault(SDB_DMS_NOTEXIST, `Collection[${collection.name}] has no placement`)
    if (collection.placement.length === 1 || collection.shardingKey === undefined || collection.partition === undefined) return first
    const partition = partitionOf(doc, collection.shardingKey, collection.partition)
    return (
      collection.placement.find(
        (p) => p.lowPartition !== undefined && p.highPartition !== undefined && partition >= p.lowPartition && partition < p.highPartition,
      ) ?? first
    )
  }

  // ---- indexes -------------------------------------------------------------------------------

  createIndex(fullName: string, index: BsonDocument, build: (def: IndexDefinition) => void): IndexDefinition {
    const record = this.collection(fullName)
    const name = index['name'] ?? index['Name']
    if (typeof name !== 'string' || name.length === 0 || name.length > 1024) {
      throw new SdbFault(SDB_INVALIDARG, 'Index name must be a non-empty string')
    }
    if (name.startsWith('$')) throw new SdbFault(SDB_INVALIDARG, `Index name can't start with '$': ${name}`)
    const key = index['key'] ?? index['Key']
    if (!isDocument(key) || Object.keys(key).length === 0) throw new SdbFault(SDB_INVALIDARG, 'Index key must be a non-empty object')
    for (const [field, direction] of Object.entries(key)) {
      const value = numberOf(direction)
      if (field === '' || field.startsWith('$') || (value !== 1 && value !== -1)) {
        throw new SdbFault(SDB_INVALIDARG, `Invalid index key field: ${field}`)
      }
    }
    const unique = boolAlias(index, 'unique', 'Unique')
    const enforced = boolAlias(index, 'enforced', 'Enforced')
    const notNull = boolAlias(index, 'NotNull', 'notNull')
    const notArray = boolAlias(index, 'NotArray', 'notArray')
    const sameShape = (def: IndexDefinition) =>
      sameKey(def.key, key) && def.unique === unique && def.enforced === (unique && enforced) && def.notNull === notNull && def.notArray === notArray
    for (const existing of record.indexes.map(indexDefinitionFromDocument)) {
      if (existing.name === name) {
        if (sameShape(existing)) throw new SdbFault(SDB_IXM_REDEF, `Index[${name}] is redefined`)
        throw new SdbFault(SDB_IXM_EXIST, `Index[${name}] already exists`)
      }
      if (sameShape(existing)) throw new SdbFault(SDB_IXM_EXIST_COVERD_ONE, `Index[${existing.name}] covers it`)
    }
    const space = this.space(splitFullName(fullName).space)
    space.hwm += 1
    const def = buildIndexDefinition({
      name,
      key: cloneKey(key),
      unique,
      enforced: unique && enforced,
      notNull,
      notArray,
      uniqueId: (BigInt(space.uniqueId) << 32n) + BigInt(space.hwm),
    })
    build(def)
    record.indexes.push(def.document)
    inTransaction(this.db, () => {
      this.saveSpace(space)
      this.saveCollection(record)
    })
    return def
  }

  dropIndex(fullName: string, name: string, drop: (def: IndexDefinition) => void): void {
    const record = this.collection(fullName)
    if (name === '$id') throw new SdbFault(SDB_IXM_DROP_ID, "$id index can't be dropped")
    if (name === '$shard') throw new SdbFault(SDB_IXM_DROP_SHARD, "$shard index can't be dropped")
    const position = record.indexes.findIndex((doc) => doc['name'] === name)
    const found = record.indexes[position]
    if (found === undefined) throw new SdbFault(SDB_IXM_NOTEXIST, `Index[${name}] does not exist`)
    drop(indexDefinitionFromDocument(found))
    record.indexes.splice(position, 1)
    this.saveCollection(record)
  }

  listIndexes(fullName: string): IndexDefinition[] {
    return this.collection(fullName).indexes.map(indexDefinitionFromDocument)
  }

  // ---- users ---------------------------------------------------------------------------------

  createUser(user: string, passwd: string, options: BsonDocument = {}): UserInfo {
    if (user.length === 0 || user.length > 256) throw new SdbFault(SDB_INVALIDARG, 'User name must be 1 to 256 characters')
    if (passwd.length > 256) throw new SdbFault(SDB_INVALIDARG, 'Password too long')
    if (this.users.has(user)) throw new SdbFault(SDB_AUTH_USER_ALREADY_EXIST, `User[${user}] already exists`)
    const salt = randomBytes(28)
    const salted = pbkdf2Sync(passwd, salt, SCRAM_ITERATIONS, 32, 'sha256')
    const clientKey = createHmac('sha256', salted).update('Client Key').digest()
    const record: UserRecord = {
      user,
      passwd,
      options,
      salt: salt.toString('base64'),
      storedKey: createHash('sha256').update(clientKey).digest('base64'),
      serverKey: createHmac('sha256', salted).update('Server Key').digest('base64'),
    }
    this.saveUser(record)
    this.users.set(user, record)
    return userInfo(record)
  }

  removeUser(user: string, passwd: string): void {
    const record = this.users.get(user)
    if (record === undefined) throw new SdbFault(SDB_AUTH_USER_NOT_EXIST, `User[${user}] does not exist`)
    if (record.passwd !== passwd) throw new SdbFault(SDB_AUTH_AUTHORITY_FORBIDDEN, 'Authority is forbidden')
    this.forget('user', user)
    this.users.delete(user)
  }

  getUser(user: string): UserInfo | undefined {
    const record = this.users.get(user)
    return record === undefined ? undefined : userInfo(record)
  }

  listUsers(): UserInfo[] {
    return [...this.users.values()].map(userInfo)
  }

  // ---- groups and nodes ----------------------------------------------------------------------

  createGroup(name: string): GroupInfo {
    const system = Object.values(SystemGroup).find((g) => g.name === name)
    if (system === undefined) checkGroupName(name)
    if (this.groups.has(name)) throw new SdbFault(SDB_CAT_GRP_EXIST, `Group[${name}] already exists`)
    const id =
      system?.id ?? Math.max(DATA_GROUP_ID_BEGIN - 1, ...[...this.groups.values()].map((g) => g.id)) + 1
    const record: GroupRecord = {
      name,
      id,
      role: system?.role ?? 0,
      version: 1,
      // System groups are created activated; data groups on `$active group`.
      status: system === undefined ? 0 : 1,
      secretId: randomInt(1, 2 ** 31 - 1),
      objectId: new ObjectId().toHexString(),
      nodes: [],
    }
    this.save('group', record.name, { v: toStored(record) })
    this.groups.set(name, record)
    return groupInfo(record)
  }

  private group(nameOrId: string | number): GroupRecord {
    const record =
      typeof nameOrId === 'string' ? this.groups.get(nameOrId) : [...this.groups.values()].find((g) => g.id === nameOrId)
    if (record === undefined) throw new SdbFault(SDB_CLS_GRP_NOT_EXIST, `Group[${String(nameOrId)}] does not exist`)
    return record
  }

  removeGroup(name: string): GroupInfo {
    const record = this.group(name)
    if (record.id === SystemGroup.catalog.id) throw new SdbFault(SDB_CATA_RM_CATA_FORBIDDEN, 'The catalog group can not be removed')
    if ([...this.collections.values()].some((cl) => cl.placement.some((p) => p.groupId === record.id))) {
      throw new SdbFault(SDB_CAT_RM_GRP_FORBIDDEN, `Group[${name}] is not empty`)
    }
    this.forget('group', name)
    this.groups.delete(name)
    for (const domain of this.domains.values()) {
      if (domain.groups.includes(name)) {
        domain.groups = domain.groups.filter((g) => g !== name)
        this.saveDomain(domain)
      }
    }
    return groupInfo(record)
  }

  getGroup(nameOrId: string | number): GroupInfo | undefined {
    const record =
      typeof nameOrId === 'string' ? this.groups.get(nameOrId) : [...this.groups.values()].find((g) => g.id === nameOrId)
    return record === undefined ? undefined : groupInfo(record)
  }

  listGroups(): GroupInfo[] {
    return [...this.groups.values()].sort((a, b) => a.id - b.id).map(groupInfo)
  }

  createNode(groupName: string, options: BsonDocument): NodeInfo {
    const record = this.group(groupName)
    const hostName = options['HostName']
    if (typeof hostName !== 'string' || hostName.length === 0 || hostName.length > 255) {
      throw new SdbFault(SDB_INVALIDARG, 'Field[HostName] must be a non-empty string')
    }
    const port = portOption(options['svcname'])
    const dbpath = options['dbpath']
    if (typeof dbpath !== 'string' || dbpath.length === 0) throw new SdbFault(SDB_INVALIDARG, 'Field[dbpath] must be a non-empty string')
    for (const group of this.groups.values()) {
      for (const node of group.nodes) {
        // A node owns its service port and the next five on its host.
        if (node.hostName === hostName && Math.abs(node.port - port) < 6) {
          throw new SdbFault(node.port === port ? SDBCM_NODE_EXISTED : -157, `Port ${String(port)} is used by node ${String(node.nodeId)}`)
        }
      }
    }
    if (record.nodes.length >= MAX_NODES_PER_GROUP) {
      throw new SdbFault(SDB_DMS_REACHED_MAX_NODES, `Group[${groupName}] already has ${String(MAX_NODES_PER_GROUP)} nodes`)
    }
    const system = record.role !== 0
    const used = [...this.groups.values()].flatMap((g) => g.nodes.map((n) => n.nodeId))
    const floor = system ? SYS_NODE_ID_BEGIN : DATA_NODE_ID_BEGIN
    const inRange = used.filter((id) => (system ? id < DATA_NODE_ID_BEGIN : id >= DATA_NODE_ID_BEGIN))
    const nodeId = Math.max(floor - 1, ...inRange, this.counter(system ? 'sysNodeHwm' : 'dataNodeHwm')) + 1
    const node: NodeRecord = { nodeId, hostName, port, dbpath, status: record.status }
    inTransaction(this.db, () => {
      this.setSetting(system ? 'sysNodeHwm' : 'dataNodeHwm', String(nodeId))
      record.nodes.push(node)
      record.version += 1
      this.saveGroup(record)
    })
    return nodeInfo(node)
  }

  removeNode(groupName: string, hostName: string, port: number, enforced = false): NodeInfo {
    const record = this.group(groupName)
    const node = record.nodes.find((n) => n.hostName === hostName && n.port === port)
    if (node === undefined) throw new SdbFault(SDB_CLS_NODE_NOT_EXIST, `Node ${hostName}:${String(port)} does not exist`)
    // As catContextNode.cpp: without Enforced neither a group's primary nor its only node goes;
    // with it, the last node of a data group goes only when the group holds no collection.
    const spare = record.name === SystemGroup.spare.name
    if (!enforced && !spare && record.role !== SystemGroup.coord.role && record.primaryNode === node.nodeId) {
      throw new SdbFault(SDB_CATA_RM_NODE_FORBIDDEN, `Can not remove primary node of group [${groupName}]`)
    }
    if (record.nodes.length === 1 && !spare) {
      if (!enforced || record.role !== 0) {
        throw new SdbFault(SDB_CATA_RM_NODE_FORBIDDEN, `Can not remove node when group [${groupName}] is only one node`)
      }
      const holdsData = [...this.collections.values()].some((cl) => cl.placement.some((p) => p.groupId === record.id))
      if (holdsData) throw new SdbFault(SDB_CATA_RM_NODE_FORBIDDEN, 'Unable to remove the last node or primary with data in a group')
    }
    record.nodes = record.nodes.filter((n) => n !== node)
    if (record.primaryNode === node.nodeId) record.primaryNode = undefined
    record.version += 1
    this.saveGroup(record)
    return nodeInfo(node)
  }

  setGroupStatus(groupName: string, status: number): GroupInfo {
    const record = this.group(groupName)
    if (record.status !== status || record.nodes.some((n) => n.status !== status)) {
      record.status = status
      for (const node of record.nodes) node.status = status
      this.saveGroup(record)
    }
    return groupInfo(record)
  }

  setPrimary(groupName: string, nodeId: number | undefined): GroupInfo {
    const record = this.group(groupName)
    if (nodeId !== undefined && !record.nodes.some((n) => n.nodeId === nodeId)) {
      throw new SdbFault(SDB_CLS_NODE_NOT_EXIST, `Node ${String(nodeId)} is not in group ${groupName}`)
    }
    if (record.primaryNode !== nodeId) {
      record.primaryNode = nodeId
      this.saveGroup(record)
    }
    return groupInfo(record)
  }

  setNodePort(nodeId: number, hostName: string, port: number): void {
    for (const group of this.groups.values()) {
      const node = group.nodes.find((n) => n.nodeId === nodeId)
      if (node !== undefined) {
        node.hostName = hostName
        node.port = port
        this.saveGroup(group)
        return
      }
    }
    throw new SdbFault(SDB_CLS_NODE_NOT_EXIST, `Node ${String(nodeId)} does not exist`)
  }

  // ---- domains -------------------------------------------------------------------------------

  createDomain(name: string, options: BsonDocument = {}): DomainInfo {
    checkGroupName(name)
    rejectUnknown(options, new Set(['Groups', 'AutoSplit', 'AutoRebalance']))
    if (this.domains.has(name)) throw new SdbFault(SDB_CAT_DOMAIN_EXIST, `Domain[${name}] already exists`)
    const record: DomainRecord = {
      name,
      groups: this.domainGroups(options['Groups']),
      autoSplit: boolOption(options, 'AutoSplit', false),
      autoRebalance: boolOption(options, 'AutoRebalance', false),
    }
    this.saveDomain(record)
    this.domains.set(name, record)
    return this.domainInfo(record)
  }

  private domainGroups(value: BsonValue | undefined): string[] {
    if (value === undefined) return []
    const names = typeof value === 'string' ? [value] : value
    if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string')) {
      throw new SdbFault(SDB_INVALIDARG, 'Field[Groups] must be an array of group names')
    }
    for (const groupName of names) {
      const group = this.groups.get(groupName)
      if (group === undefined || group.role !== 0) throw new SdbFault(SDB_CLS_GRP_NOT_EXIST, `Group[${groupName}] does not exist`)
    }
    return [...new Set(names)]
  }

  private domainInfo(record: DomainRecord): DomainInfo {
    const document: BsonDocument = {
      Name: record.name,
      Groups: record.groups.map((groupName) => ({ GroupName: groupName, GroupID: new Int32(this.groups.get(groupName)?.id ?? 0) })),
      AutoSplit: record.autoSplit,
      AutoRebalance: record.autoRebalance,
    }
    return { name: record.name, groups: record.groups, autoSplit: record.autoSplit, document }
  }

  private domain(name: string): DomainRecord {
    const record = this.domains.get(name)
    if (record === undefined) throw new SdbFault(SDB_CAT_DOMAIN_NOT_EXIST, `Domain[${name}] does not exist`)
    return record
  }

  dropDomain(name: string): void {
    this.domain(name)
    if ([...this.spaces.values()].some((s) => s.domain === name)) throw new SdbFault(SDB_DOMAIN_IS_OCCUPIED, `Domain[${name}] is used`)
    this.forget('domain', name)
    this.domains.delete(name)
  }

  alterDomain(name: string, options: BsonDocument): DomainInfo {
    const record = this.domain(name)
    rejectUnknown(options, new Set(['Groups', 'AutoSplit', 'AutoRebalance']))
    if (options['Groups'] !== undefined) record.groups = this.domainGroups(options['Groups'])
    if (options['AutoSplit'] !== undefined) record.autoSplit = boolOption(options, 'AutoSplit', record.autoSplit)
    if (options['AutoRebalance'] !== undefined) record.autoRebalance = boolOption(options, 'AutoRebalance', record.autoRebalance)
    this.saveDomain(record)
    return this.domainInfo(record)
  }

  getDomain(name: string): DomainInfo | undefined {
    const record = this.domains.get(name)
    return record === undefined ? undefined : this.domainInfo(record)
  }

  listDomains(): DomainInfo[] {
    return [...this.domains.values()].map((record) => this.domainInfo(record))
  }
}

// ---- documents -------------------------------------------------------------------------------

function nodeInfo(node: NodeRecord): NodeInfo {
  return { nodeId: node.nodeId, hostName: node.hostName, port: node.port, dbpath: node.dbpath, status: node.status }
}

/**
 * A node's element of `Group[]` (contract §10.6.1: int32 NodeID/Status/Type, port strings), in
 * the field order the real catalog shows: as created while not activated, and with `Status`
 * moved after `HostName` once the node is activated.
 */
export function nodeDocument(node: NodeInfo, catalogService: boolean): BsonDocument {
  const services = [0, 1, 2, ...(catalogService ? [3] : [])].map((type) => ({
    Type: new Int32(type),
    Name: String(node.port + type),
  }))
  if (node.status === 0) {
    return { HostName: node.hostName, dbpath: node.dbpath, Service: services, NodeID: new Int32(node.nodeId), Status: new Int32(0) }
  }
  return {
    HostName: node.hostName,
    Status: new Int32(node.status),
    dbpath: node.dbpath,
    Service: services,
    NodeID: new Int32(node.nodeId),
  }
}

function groupInfo(record: GroupRecord): GroupInfo {
  const nodes = record.nodes.map(nodeInfo)
  const members = nodes.map((n) => nodeDocument(n, record.role === 2))
  let document: BsonDocument
  if (record.updated !== true) {
    // As `$create group` builds it (the reply of that command shows this order).
    document = {
      GroupName: record.name,
      GroupID: new Int32(record.id),
      Role: new Int32(record.role),
      Version: new Int32(record.version),
      Status: new Int32(record.status),
      SecretID: new Int32(record.secretId),
      Group: members,
      _id: ObjectId.createFromHexString(record.objectId),
    }
  } else {
    // Updates of SYSNODES leave the top-level fields in byte order, as `$list groups` shows.
    document = { Group: members, GroupID: new Int32(record.id), GroupName: record.name }
    if (record.primaryNode !== undefined) document['PrimaryNode'] = new Int32(record.primaryNode)
    document['Role'] = new Int32(record.role)
    document['SecretID'] = new Int32(record.secretId)
    document['Status'] = new Int32(record.status)
    document['Version'] = new Int32(record.version)
    document['_id'] = ObjectId.createFromHexString(record.objectId)
  }
  return {
    groupName: record.name,
    groupId: record.id,
    role: record.role,
    version: record.version,
    status: record.status,
    primaryNode: record.primaryNode,
    nodes,
    document,
  }
}

function userInfo(record: UserRecord): UserInfo {
  return {
    user: record.user,
    passwd: record.passwd,
    scramSha256: { iterationCount: SCRAM_ITERATIONS, salt: record.salt, storedKey: record.storedKey, serverKey: record.serverKey },
    document: { User: record.user, Roles: [], Options: record.options },
  }
}

// ---- validation ------------------------------------------------------------------------------

function rejectUnknown(options: BsonDocument, allowed: ReadonlySet<string>): void {
  for (const key of documentKeys(options)) {
    if (!allowed.has(key)) throw new SdbFault(SDB_INVALIDARG, `Unknown option: ${key}`)
  }
}

/** Numeric value of an int32/int64/double/number, else undefined. */
function numberOf(value: BsonValue | undefined): number | undefined {
  if (typeof value === 'number') return value
  if (value instanceof Int32 || value instanceof Double) return value.valueOf()
  if (value instanceof Long) return value.toNumber()
  return undefined
}

function boolOption(options: BsonDocument, field: string, fallback: boolean): boolean {
  const value = options[field]
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new SdbFault(SDB_INVALIDARG, `Field[${field}] must be a boolean`)
  return value
}

function boolAlias(options: BsonDocument, field: string, alias: string): boolean {
  return boolOption(options, options[field] === undefined ? alias : field, false)
}

function pageSizeOption(value: BsonValue | undefined, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  const size = numberOf(value)
  if (size === 0) return fallback
  if (size === undefined || !Number.isInteger(size) || size < min || size > max || (size & (size - 1)) !== 0) {
    throw new SdbFault(SDB_INVALIDARG, `Invalid ${field}: ${describe(value)}`)
  }
  return size
}

/** ReplSize must be an int32: 1..7 as is, 0 meaning all (7), -1 accepted (catCommon.cpp). */
function replSizeOption(value: BsonValue | undefined): number {
  if (value === undefined) return 1
  const size = value instanceof Int32 ? value.value : typeof value === 'number' && Number.isInteger(value) ? value : undefined
  if (size === undefined || size < -1 || size > 7) throw new SdbFault(SDB_INVALIDARG, 'Field[ReplSize] must be an int32 in [-1, 7]')
  return size === 0 ? 7 : size
}

function portOption(value: BsonValue | undefined): number {
  const port = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : numberOf(value)
  if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SdbFault(SDB_INVALIDARG, 'Field[svcname] must be a port number')
  }
  return port
}

function checkSpaceName(name: string): void {
  const bytes = Buffer.byteLength(name, 'utf8')
  if (bytes === 0 || bytes > 127) throw new SdbFault(SDB_INVALIDARG, `collection space name length is not valid: ${name}`)
  if (name.startsWith('$')) throw new SdbFault(SDB_INVALIDARG, `collection space name shouldn't be started with '$': ${name}`)
  if (name.startsWith('SYS')) throw new SdbFault(SDB_INVALIDARG, `collection space name should not start with 'SYS': ${name}`)
  const bad = NAME_FORBIDDEN.find((c) => name.includes(c))
  if (bad !== undefined) throw new SdbFault(SDB_INVALIDARG, `collection space name should not include '${bad}': ${name}`)
}

function checkCollectionName(name: string): void {
  const bytes = Buffer.byteLength(name, 'utf8')
  if (bytes === 0 || bytes > 127) throw new SdbFault(SDB_INVALIDARG, `collection name length is not valid: ${name}`)
  if (name.startsWith('$')) throw new SdbFault(SDB_INVALIDARG, `collection name shouldn't be started with '$': ${name}`)
  if (name.includes('.')) throw new SdbFault(SDB_INVALIDARG, `collection name should not include '.': ${name}`)
  if (name.startsWith('SYS')) throw new SdbFault(SDB_INVALIDARG, `collection name should not start with 'SYS': ${name}`)
}

function checkGroupName(name: string): void {
  const bytes = Buffer.byteLength(name, 'utf8')
  if (bytes === 0 || bytes > 127 || name.startsWith('SYS') || name.startsWith('$') || name.includes('.')) {
    throw new SdbFault(SDB_INVALIDARG, `Invalid group name: ${name}`)
  }
}

function splitFullName(fullName: string): { space: string; short: string } {
  const dot = fullName.indexOf('.')
  if (dot <= 0 || Buffer.byteLength(fullName, 'utf8') > 255) {
    throw new SdbFault(SDB_INVALIDARG, `Invalid collection full name: ${fullName}`)
  }
  return { space: fullName.slice(0, dot), short: fullName.slice(dot + 1) }
}

function sameKey(a: BsonDocument, b: BsonDocument): boolean {
  const ka = documentKeys(a)
  const kb = documentKeys(b)
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && numberOf(a[k]) === numberOf(b[k]))
}

/** Key directions are stored as int32 1/-1 whatever numeric type the client sent. */
function cloneKey(key: BsonDocument): BsonDocument {
  const out: BsonDocument = {}
  for (const field of documentKeys(key)) out[field] = new Int32(numberOf(key[field]) ?? 1)
  return out
}

/**
 * Hash partition of a document: FNV-1a over the sharding key fields' canonical JSON, modulo the
 * partition count. Only consistency matters (the same document always lands on the same group).
 */
export function partitionOf(doc: BsonDocument, shardingKey: BsonDocument, partitions: number): number {
  let hash = 0x811c9dc5
  for (const field of documentKeys(shardingKey)) {
    const text = canonical(readField(doc, field))
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i)
      hash = Math.imul(hash, 0x01000193) >>> 0
    }
    hash ^= 0xff
  }
  // murmur3's finaliser: FNV alone leaves the low bits (the partition) poorly mixed.
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b) >>> 0
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0
  hash ^= hash >>> 16
  return (hash >>> 0) % partitions
}

function readField(doc: BsonDocument, path: string): BsonValue | undefined {
  let current: BsonValue | undefined = doc
  for (const step of path.split('.')) {
    if (!isDocument(current)) return undefined
    current = current[step]
  }
  return current
}

/** Numbers of every BSON numeric type hash alike, as they compare equal. */
function canonical(value: BsonValue | undefined): string {
  const number = numberOf(value)
  if (number !== undefined) return `n${String(number)}`
  if (value === undefined) return 'u'
  if (typeof value === 'string') return `s${value}`
  if (value instanceof ObjectId) return `o${value.toHexString()}`
  if (value instanceof Date) return `d${String(value.getTime())}`
  return `j${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`
}

/** A client-supplied value in an error detail. */
function describe(value: BsonValue): string {
  if (typeof value === 'string') return value
  const number = numberOf(value)
  if (number !== undefined) return String(number)
  return typeof value
}

// ---- stored form -----------------------------------------------------------------------------

/** Catalog records are plain JSON-able objects; they travel through BSON as a JSON string. */
function toStored(value: object): string {
  return JSON.stringify(value)
}

function fromStored(value: BsonValue | undefined): unknown {
  if (typeof value !== 'string') throw new SdbFault(SDB_INVALIDARG, 'corrupt catalog record')
  return JSON.parse(value) as unknown
}
