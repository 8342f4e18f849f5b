import type { Socket } from 'node:net'
import { Int32, type BsonDocument } from '@canopy/sdb-client/bson'
import { errorByCode, SdbError } from '@canopy/sdb-client'
import {
  decodeRequest,
  decodeSysInfoRequest,
  encodeReply,
  encodeSysInfoReply,
  expectsReply,
  FrameDecoder,
  HeaderVersion,
  Sizes,
  type MessageHeader,
  type SdbReplyInit,
  type SdbRequest,
} from '@canopy/sdb-client/protocol'
import { GroupRole, type ClusterNode } from '../cluster/cluster.js'
import { SdbFault } from '../engine/fault.js'
import { dispatch } from '../handlers/dispatch.js'
import type { HandlerEnv, HandlerResult, SessionState } from '../handlers/types.js'
import { ContextRegistry } from './contexts.js'
import type { Connection } from './node-server.js'

/** What every session of the process shares. */
export interface SessionHost {
  /** Builds the handler environment of a session on a node. */
  env(node: ClusterNode, session: SessionState): HandlerEnv
  /** Seconds since the epoch at emulator start (sys-info `dbStartTime`). */
  readonly startSeconds: bigint
  /** Registers / unregisters a live session (for session lists). */
  track(node: ClusterNode, session: SessionState, live: boolean): void
}

let nextSessionId = 1n

/**
 * One client connection: frames the byte stream, answers the sys-info probe at any message
 * boundary, detects V1/V2 on the first ordinary message, processes requests strictly one at a
 * time and replies in order. Malformed input closes the connection or gets an error reply; it
 * never throws out of the session.
 */
export class Session implements Connection {
  readonly state: SessionState
  private readonly decoder = new FrameDecoder({ side: 'server' })
  private headerVersion: HeaderVersion | undefined
  private readonly queue: Buffer[] = []
  private draining = false
  private closed = false
  private authChecked = false
  private readonly globalId = Buffer.alloc(16)
  private requestCounter = 1
  private readonly env: HandlerEnv

  constructor(
    private readonly socket: Socket,
    private readonly node: ClusterNode,
    private readonly host: SessionHost,
  ) {
    const id = nextSessionId
    nextSessionId += 1n
    this.state = {
      id,
      contexts: new ContextRegistry(),
      user: undefined,
      scram: undefined,
      attributes: {},
      transaction: undefined,
      lobs: new Map(),
      connectedAt: new Date(),
      remote: `${socket.remoteAddress ?? '?'}:${String(socket.remotePort ?? 0)}`,
      lastOp: 'UNKNOWN',
      terminate: () => this.destroy(),
    }
    this.env = host.env(node, this.state)
    host.track(node, this.state, true)
    if (!this.isCoord()) {
      // Data/catalog nodes put their identity in the first 8 bytes of each reply's global id.
      this.globalId.writeUInt32LE(Number(id & 0xffffffffn), 0)
      this.globalId.writeUInt16LE(node.nodeId & 0xffff, 4)
    }
    socket.on('data', (chunk) => this.onData(chunk))
    socket.on('error', () => this.destroy())
    socket.on('close', () => this.cleanup())
  }

  private isCoord(): boolean {
    return this.node.group.role === GroupRole.Coord
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return
    let frames
    try {
      frames = this.decoder.push(chunk)
    } catch {
      // A length outside [min, 512 MiB]: the real server drops the connection without a reply.
      this.destroy()
      return
    }
    for (const f of frames) this.queue.push(f.bytes)
    if (!this.draining) void this.drain()
  }

  private async drain(): Promise<void> {
    this.draining = true
    try {
      while (this.queue.length > 0 && !this.closed) {
        const bytes = this.queue.shift()!
        this.socket.pause()
        try {
          await this.handleFrame(bytes)
        } catch {
          this.destroy()
        } finally {
          if (!this.closed) this.socket.resume()
        }
      }
    } finally {
      this.draining = false
    }
  }

  private async handleFrame(bytes: Buffer): Promise<void> {
    if (bytes.length === Sizes.SYS_INFO_REQUEST && bytes.readInt32LE(0) === -1) {
      decodeSysInfoRequest(bytes)
      this.write(this.sysInfoReply())
      return
    }
    if (this.headerVersion === undefined) {
      this.headerVersion = bytes.readInt32LE(4) === 0 ? HeaderVersion.V2 : HeaderVersion.V1
      if (this.headerVersion === HeaderVersion.V2) this.decoder.minLength = Sizes.HEADER_V2
    }
    const version = this.headerVersion
    if (bytes.length < (version === HeaderVersion.V2 ? Sizes.HEADER_V2 : Sizes.HEADER_V1)) {
      this.destroy()
      return
    }
    const opCode = version === HeaderVersion.V2 ? bytes.readInt32LE(28) : bytes.readInt32LE(4)
    const tid = bytes.readUInt32LE(8)
    const requestId = bytes.readBigUInt64LE(20)
    let message
    try {
      message = decodeRequest(bytes, version)
    } catch (err) {
      const code = err instanceof SdbError && err.code < 0 && err.code !== -84 ? err.code : -6
      this.replyError({ opCode, tid, requestId }, new SdbFault(code, err instanceof Error ? err.message : String(err)))
      return
    }
    await this.handleRequest(message.header, message.request)
  }

  private sysInfoReply(): Buffer {
    const gid = Buffer.alloc(16)
    gid.writeUInt32LE(this.requestCounter, 8)
    if (!this.isCoord()) this.globalId.copy(gid, 0, 0, 8)
    return encodeSysInfoReply({
      osType: 3,
      authVersion: 1,
      dbStartTime: this.host.startSeconds,
      version: 6,
      subVersion: 0,
      fixVersion: 0,
      globalId: gid,
    })
  }

  private async handleRequest(header: MessageHeader, req: SdbRequest): Promise<void> {
    const ids = { opCode: header.opCode, tid: header.tid, requestId: header.requestId }
    this.requestCounter += 1
    if (req.kind === 'disconnect') {
      this.destroy()
      return
    }
    if (req.kind === 'interrupt') {
      this.state.contexts.killAll()
      return
    }
    if (req.kind === 'interruptSelf') return
    if (req.kind === 'unknown') {
      this.replyError(ids, new SdbFault(-100, `Unknown message opCode ${String(header.opCode)}`))
      return
    }
    try {
      this.checkLazyAuth(req)
      this.state.lastOp = req.kind.toUpperCase()
      const result = await dispatch(this.env, req)
      if (this.closed || !expectsReply(req)) return
      this.replyResult(ids, req, result)
    } catch (err) {
      if (this.closed) return
      this.replyError(ids, toFault(err))
    }
  }

  /**
   * A session that never authenticated is authenticated as user "" on its first ordinary
   * request; that only works while no user exists (contract §9.1).
   */
  private checkLazyAuth(req: SdbRequest): void {
    if (req.kind === 'auth' && (req.opCode === 7000 || req.opCode === 7003)) {
      this.authChecked = true
      return
    }
    if (this.state.user !== undefined) return
    if (this.env.catalog.listUsers().length === 0) {
      this.state.user = ''
      this.authChecked = true
      return
    }
    this.authChecked = true
    throw new SdbFault(-179, 'Authentication is required')
  }

  private replyResult(ids: ReplyIds, req: SdbRequest, result: HandlerResult): void {
    if (result.cursor === undefined) {
      this.send(ids, {
        contextId: result.contextId ?? -1n,
        startFrom: result.startFrom ?? 0,
        documents: result.documents ?? [],
        ...(result.lobData === undefined
          ? {}
          : { lobTuple: { len: result.lobData.data.length, sequence: 0, offset: result.lobData.offset }, lobData: result.lobData.data }),
      })
      return
    }
    const flags = req.kind === 'query' ? req.flags : 0
    const ctx = this.state.contexts.open(result.cursor, result.skip ?? 0, result.limit ?? -1)
    ctx.closeOnEof = (flags & 0x80000) !== 0
    if ((flags & 0x200) === 0 || result.deferred === true) {
      this.send(ids, { contextId: ctx.id, documents: [] })
      return
    }
    // WITH_RETURNDATA: the first batch rides in the query reply; EOF there is not -29.
    const batch = ctx.next(-1)
    if (batch.done) this.state.contexts.kill(ctx.id)
    this.send(ids, { contextId: batch.done ? -1n : ctx.id, startFrom: batch.startFrom, documents: batch.records })
  }

  private replyError(ids: ReplyIds, fault: SdbFault): void {
    const description = errorByCode(fault.code)?.description ?? 'Unknown error'
    // Result fields (InsertedNum, IndexName...) precede errno; a coordinator's ErrNodes follows detail.
    const { ErrNodes: errNodes, ...before } = fault.extra as BsonDocument
    const doc: BsonDocument = { ...before, errno: new Int32(fault.code), description, detail: fault.detail }
    if (errNodes !== undefined) doc.ErrNodes = errNodes
    this.send(ids, { contextId: -1n, flags: fault.code, documents: [doc] })
  }

  /** Sends a reply built by a handler for getMore (used by the dispatcher through the env). */
  private send(ids: ReplyIds, reply: Omit<SdbReplyInit, 'opCode'>): void {
    if (this.closed) return
    const gid = Buffer.from(this.globalId)
    if (!this.isCoord()) gid.writeUInt32LE(this.requestCounter, 8)
    const routeId = this.isCoord() ? 0n : (BigInt(this.node.nodeId) << 32n) | BigInt(this.node.group.groupId)
    this.write(
      encodeReply(
        { ...reply, opCode: ids.opCode },
        { headerVersion: this.headerVersion ?? HeaderVersion.V2, tid: ids.tid, requestId: ids.requestId, routeId, globalId: gid },
      ),
    )
  }

  private write(bytes: Buffer): void {
    if (!this.closed && this.socket.writable) this.socket.write(bytes)
  }

  /** Closes the connection and drops every context of the session. */
  destroy(): void {
    if (this.closed) return
    this.closed = true
    this.queue.length = 0
    this.socket.destroy()
    this.cleanup()
  }

  private cleanup(): void {
    this.closed = true
    this.state.contexts.killAll()
    this.rollbackOpenTransaction()
    this.host.track(this.node, this.state, false)
  }

  private rollbackOpenTransaction(): void {
    const txn = this.state.transaction
    if (txn === undefined) return
    this.state.transaction = undefined
    for (const [nodeId, id] of txn) {
      try {
        this.env.router.openedStore(nodeId)?.rollbackTransaction(id)
      } catch {
        // The node may be gone; its store rolls the transaction back when reopened.
      }
    }
  }
}

interface ReplyIds {
  readonly opCode: number
  readonly tid: number
  readonly requestId: bigint
}

/** Turns anything thrown by a handler into the fault to report (-10 for internal errors). */
export function toFault(err: unknown): SdbFault {
  if (err instanceof SdbFault) return err
  if (err instanceof SdbError && err.code < 0) return new SdbFault(err.code, err.message)
  return new SdbFault(-10, err instanceof Error ? err.message : String(err))
}
