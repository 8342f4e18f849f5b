import { Int32, Long, ObjectId, type BsonDocument } from '@canopy/sdb-client/bson'
import { LobMode, OpCode, type LobRequest } from '@canopy/sdb-client/protocol'
import { nodeName, type ReplicaGroup } from '../cluster/cluster.js'
import type { NodeStore } from '../cluster/data-router.js'
import { SdbFault } from '../engine/fault.js'
import type { CollectionInfo, LobMeta } from '../storage/index.js'
import { toNumber, requireString } from './args.js'
import { count } from './node-counters.js'
import type { HandlerEnv, HandlerResult, LobHandle } from './types.js'

const DEFAULT_LOB_PAGE_SIZE = 262144

/** The LOB meta document of open/close replies. */
function metaDoc(meta: LobMeta): BsonDocument {
  return {
    Oid: ObjectId.createFromHexString(meta.oid),
    Size: Long.fromNumber(meta.size),
    LobPageSize: new Int32(meta.pageSize),
    Version: new Int32(2),
    CreateTime: Long.fromNumber(meta.createTime),
    ModificationTime: Long.fromNumber(meta.modificationTime),
    Flag: new Int32(0),
    PiecesInfoNum: new Int32(0),
  }
}

function oidOf(meta: BsonDocument | undefined): string | undefined {
  const v = meta?.Oid
  if (v === undefined) return undefined
  if (v instanceof ObjectId) return v.toHexString()
  if (typeof v === 'string' && /^[0-9a-f]{24}$/i.test(v)) return v.toLowerCase()
  throw new SdbFault(-6, 'Oid must be an ObjectId')
}

/** -4 "File Not Exist", with the coordinator's ErrNodes entry for the node that failed. */
function notExist(env: HandlerEnv, target: NodeStore | undefined): SdbFault {
  const errInfo = { errno: new Int32(-4), description: 'File Not Exist', detail: '' }
  const extra =
    target === undefined || env.node === target.node
      ? {}
      : { ErrNodes: [{ NodeName: nodeName(target.node), GroupName: target.group.name, Flag: new Int32(-4), ErrInfo: errInfo }] }
  return new SdbFault(-4, '', extra)
}

/** The group that holds (or will hold) a LOB: the only group, or the hash of its id. */
function lobGroup(env: HandlerEnv, info: CollectionInfo, oid: string): ReplicaGroup {
  const groups = env.router.groupsOf(info)
  const placement = groups.length > 1 ? env.catalog.groupForDocument(info, { _id: ObjectId.createFromHexString(oid) }) : undefined
  const group = placement === undefined ? groups[0] : env.cluster.groupById(placement.groupId)
  if (group === undefined) throw new SdbFault(-135, `No group holds collection ${info.name}`)
  return group
}

function handleOf(env: HandlerEnv, req: LobRequest): { id: bigint; handle: LobHandle } {
  const id = BigInt(req.contextId)
  const handle = env.session.lobs.get(id)
  if (handle === undefined) throw new SdbFault(-272, 'Lob does not open')
  return { id, handle }
}

function open(env: HandlerEnv, req: LobRequest): HandlerResult {
  const meta = req.meta ?? {}
  const name = requireString(meta, 'Collection')
  const mode = toNumber(meta.Mode) ?? LobMode.READ
  const info = env.router.collection(name)
  const space = env.catalog.getCollectionSpace(info.collectionSpace)
  let oid = oidOf(meta)
  let lob: LobMeta
  let group: ReplicaGroup
  if ((mode & LobMode.CREATEONLY) !== 0) {
    oid ??= new ObjectId().toHexString()
    group = lobGroup(env, info, oid)
    const target = env.router.writeTarget(group, info.replSize, env.node)
    lob = target.store.createLob(name, oid, Date.now(), space?.lobPageSize ?? DEFAULT_LOB_PAGE_SIZE)
    env.router.afterWrite(group, info.replSize)
    count(target.node, 'TotalLobPut')
  } else {
    if (oid === undefined) throw new SdbFault(-6, 'Oid is required to open a LOB')
    group = lobGroup(env, info, oid)
    const target = (mode & (LobMode.WRITE | LobMode.TRUNCATE)) !== 0 ? env.router.writeTarget(group, info.replSize, env.node) : env.router.readTarget(group)
    const found = target.store.lobMeta(name, oid)
    if (found === undefined) throw notExist(env, target)
    lob = found
    count(target.node, 'TotalLobGet')
  }
  // A LOB handle is a context of the session: it dies with it and shows in context lists.
  const ctx = env.session.contexts.open({ batches: [] }, 0, -1, () => env.session.lobs.delete(ctx.id))
  env.session.lobs.set(ctx.id, { collection: name, oid, mode, groupName: group.name })
  return { documents: [metaDoc(lob)], contextId: ctx.id }
}

function write(env: HandlerEnv, req: LobRequest): HandlerResult {
  const { handle } = handleOf(env, req)
  if ((handle.mode & (LobMode.CREATEONLY | LobMode.WRITE)) === 0) throw new SdbFault(-6, 'The LOB is not open for writing')
  const info = env.router.collection(handle.collection)
  const group = env.cluster.requireGroup(handle.groupName)
  const target = env.router.writeTarget(group, info.replSize, env.node)
  const data = Buffer.from(req.data ?? new Uint8Array(0))
  let offset = req.tuple === undefined ? -1 : Number(req.tuple.offset)
  if (offset < 0) offset = target.store.lobMeta(handle.collection, handle.oid)?.size ?? 0
  target.store.writeLob(handle.collection, handle.oid, offset, data)
  env.router.afterWrite(group, info.replSize)
  count(target.node, 'TotalLobWriteSize', data.length)
  return {}
}

function read(env: HandlerEnv, req: LobRequest): HandlerResult {
  const { handle } = handleOf(env, req)
  const target = env.router.readTarget(env.cluster.requireGroup(handle.groupName))
  const meta = target.store.lobMeta(handle.collection, handle.oid)
  if (meta === undefined) throw notExist(env, target)
  const offset = req.tuple === undefined ? 0 : Number(req.tuple.offset)
  const len = req.tuple?.len ?? 0
  if (offset >= meta.size) throw new SdbFault(-9, 'Hit end of LOB')
  const data = target.store.readLob(handle.collection, handle.oid, offset, Math.min(len, meta.size - offset))
  count(target.node, 'TotalLobReadSize', data.length)
  return { lobData: { offset: BigInt(offset), data } }
}

function close(env: HandlerEnv, req: LobRequest): HandlerResult {
  const { id, handle } = handleOf(env, req)
  env.session.contexts.kill(id)
  env.session.lobs.delete(id)
  if ((handle.mode & (LobMode.CREATEONLY | LobMode.WRITE | LobMode.TRUNCATE)) === 0) return {}
  const info = env.router.collection(handle.collection)
  const group = env.cluster.requireGroup(handle.groupName)
  const target = env.router.writeTarget(group, info.replSize, env.node)
  const meta = target.store.closeLob(handle.collection, handle.oid, Date.now())
  env.router.afterWrite(group, info.replSize)
  return { documents: [metaDoc(meta)] }
}

function remove(env: HandlerEnv, req: LobRequest): HandlerResult {
  const meta = req.meta ?? {}
  const name = requireString(meta, 'Collection')
  const oid = oidOf(meta)
  if (oid === undefined) throw new SdbFault(-6, 'Oid is required')
  const info = env.router.collection(name)
  const group = lobGroup(env, info, oid)
  const target = env.router.writeTarget(group, info.replSize, env.node)
  if (target.store.lobMeta(name, oid) === undefined) throw notExist(env, target)
  target.store.removeLob(name, oid)
  env.router.afterWrite(group, info.replSize)
  count(target.node, 'TotalLobDelete')
  return {}
}

function truncateLob(env: HandlerEnv, req: LobRequest): HandlerResult {
  const meta = req.meta ?? {}
  const name = requireString(meta, 'Collection')
  const oid = oidOf(meta)
  if (oid === undefined) throw new SdbFault(-6, 'Oid is required')
  const length = toNumber(meta.Length)
  if (length === undefined || length < 0) throw new SdbFault(-6, 'Length must be a non-negative number')
  const info = env.router.collection(name)
  const group = lobGroup(env, info, oid)
  const target = env.router.writeTarget(group, info.replSize, env.node)
  if (target.store.lobMeta(name, oid) === undefined) throw notExist(env, target)
  target.store.truncateLob(name, oid, length)
  env.router.afterWrite(group, info.replSize)
  return {}
}

/** LOB messages 8001..8010 (contract §7.12). */
export function handleLob(env: HandlerEnv, req: LobRequest): HandlerResult {
  switch (req.opCode) {
    case OpCode.LOB_OPEN:
      return open(env, req)
    case OpCode.LOB_WRITE:
    case OpCode.LOB_UPDATE:
      return write(env, req)
    case OpCode.LOB_READ:
      return read(env, req)
    case OpCode.LOB_CLOSE:
      return close(env, req)
    case OpCode.LOB_REMOVE:
      return remove(env, req)
    case OpCode.LOB_TRUNCATE:
      return truncateLob(env, req)
    case OpCode.LOB_LOCK:
      handleOf(env, req)
      return {}
    case OpCode.LOB_CREATE_ID:
      return { documents: [{ Oid: new ObjectId() }] }
    case OpCode.LOB_GET_RT_DETAIL: {
      const { handle } = handleOf(env, req)
      return { documents: [{ Oid: ObjectId.createFromHexString(handle.oid), Mode: new Int32(handle.mode) }] }
    }
  }
}
