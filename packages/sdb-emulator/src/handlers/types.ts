import type { BsonDocument } from '@canopy/sdb-client/bson'
import type { Cluster, ClusterNode } from '../cluster/cluster.js'
import type { DataRouter } from '../cluster/data-router.js'
import type { RecordSource, ContextRegistry } from '../server/contexts.js'
import type { CatalogStore } from '../storage/index.js'

/** Query flags the runtime looks at (contract §7.1.1). */
export const QueryFlag = {
  CreateWhenNotExist: 0x40,
  WithReturnData: 0x200,
  Explain: 0x400,
  Modify: 0x1000,
  CloseEofCtx: 0x80000,
} as const

/** A query (opCode 2004) after decoding, in the emulator's own terms. */
export interface QueryArgs {
  readonly name: string
  readonly flags: number
  readonly skip: number
  readonly limit: number
  readonly condition: BsonDocument
  readonly selector: BsonDocument
  readonly orderBy: BsonDocument
  readonly hint: BsonDocument
}

/**
 * What a handler answers. `documents` go straight into the reply (result objects such as
 * `{InsertedNum...}` or `$create group`'s group); `cursor` opens a context whose records are
 * returned in the reply (WITH_RETURNDATA) or through getMore.
 */
export interface HandlerResult {
  readonly documents?: readonly BsonDocument[]
  readonly cursor?: RecordSource
  /** Skip/limit applied by the context (list commands honour the query's skip/limit). */
  readonly skip?: number
  readonly limit?: number
  /** `startFrom` of a reply without a context (DDL replies carry a catalog version there). */
  readonly startFrom?: number
  /** Always open a context, even with WITH_RETURNDATA (SQL select, aggregate). */
  readonly deferred?: boolean
  /** Raw LOB read payload (8003 replies): tuple + data after the header. */
  readonly lobData?: { readonly offset: bigint; readonly data: Buffer }
  /** Context that owns a LOB handle (8001 replies). */
  readonly contextId?: bigint
}

/** Per-connection state a handler may read or change. */
export interface SessionState {
  readonly id: bigint
  readonly contexts: ContextRegistry
  /** The authenticated user ('' when no users exist or none given). */
  user: string | undefined
  /** SCRAM step-1 state until step 2 arrives. */
  scram: { user: string; nonce: string } | undefined
  /** `$set session attribute` values. */
  attributes: BsonDocument
  /** Transaction ids per data node id while a transaction is open. */
  transaction: Map<number, number> | undefined
  /** Open LOB handles by context id. */
  readonly lobs: Map<bigint, LobHandle>
  readonly connectedAt: Date
  readonly remote: string
  lastOp: string
  /** Ends the session's connection (`$force session`). */
  readonly terminate: () => void
}

/** A LOB opened by a session. */
export interface LobHandle {
  readonly collection: string
  readonly oid: string
  readonly mode: number
  readonly groupName: string
}

/** Everything a handler can reach. */
export interface HandlerEnv {
  readonly cluster: Cluster
  readonly catalog: CatalogStore
  readonly router: DataRouter
  /** The node this session is connected to. */
  readonly node: ClusterNode
  readonly session: SessionState
  /** Every live session on every node (for `$list sessions`, `$snapshot sessions`). */
  readonly sessions: () => readonly { node: ClusterNode; session: SessionState }[]
  /** Start time of the emulator process. */
  readonly startedAt: Date
}

/** A `$command` handler: receives the whole query. */
export type CommandHandler = (env: HandlerEnv, args: QueryArgs) => HandlerResult | Promise<HandlerResult>
