/**
 * The slice of the SequoiaDB driver the cluster services use, as one interface per cluster.
 * `driver-adapter.ts` implements it over `@canopy/sdb-client`; keeping the services on this
 * seam means a change in the driver's surface touches one file.
 *
 * Values are the driver's decoded BSON (`BsonDocument`); every method may throw the driver's
 * `SdbError` tree, which `errors.ts` translates once.
 */
import type { Readable } from 'node:stream'

/** A decoded BSON document (the driver's `BsonDocument`, kept opaque here). */
export type Doc = Record<string, unknown>

/** Per-call options: a cancel signal and a time limit. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined
  readonly timeoutMs?: number | undefined
}

/** Query options of a collection or of a snapshot/list. */
export interface QueryOptions extends CallOptions {
  readonly condition?: Doc | undefined
  readonly selector?: Doc | undefined
  readonly orderBy?: Doc | undefined
  readonly hint?: Doc | undefined
  readonly skip?: number | undefined
  readonly limit?: number | undefined
}

/** A server cursor: iterate it, or close it early (kills the server context). */
export interface DocCursor extends AsyncIterable<Doc> {
  close(): Promise<void>
}

/** Snapshot types (`$snapshot <name>`). */
export type SnapshotName = 'sessions' | 'contexts' | 'collections' | 'collectionspaces' | 'health' | 'database' | 'system' | 'transactions' | 'catalog'
/** List types (`$list <name>`). */
export type ListName = 'sessions' | 'contexts' | 'collections' | 'collectionspaces' | 'groups' | 'transactions'

/** A LOB being read: its size and a byte stream. */
export interface LobRead {
  readonly size: bigint
  readonly stream: Readable
}

/** One collection of the cluster. */
export interface CollectionPort {
  query(options: QueryOptions): Promise<DocCursor>
  count(options: { condition?: Doc | undefined; hint?: Doc | undefined } & CallOptions): Promise<bigint>
  explain(options: QueryOptions & { detail?: boolean }): Promise<Doc[]>
  insert(docs: Doc[], options: { continueOnDuplicate?: boolean } & CallOptions): Promise<{ ids: unknown[] }>
  update(rule: Doc, options: { condition?: Doc | undefined; hint?: Doc | undefined } & CallOptions): Promise<{ updated: bigint; modified: bigint }>
  delete(options: { condition?: Doc | undefined; hint?: Doc | undefined } & CallOptions): Promise<{ deleted: bigint }>
  listIndexes(options?: CallOptions): Promise<Doc[]>
  createIndex(name: string, key: Doc, options: { unique?: boolean; enforced?: boolean; notNull?: boolean; sortBufferSize?: number }): Promise<void>
  dropIndex(name: string): Promise<void>
  listLobs(options?: CallOptions): Promise<Doc[]>
  /** Writes a LOB from a stream; returns its new oid (24 hex). */
  putLob(data: Readable, options?: CallOptions): Promise<{ oid: string; size: bigint }>
  getLob(oid: string, options?: CallOptions): Promise<LobRead>
  removeLob(oid: string): Promise<void>
  truncate(): Promise<void>
}

/** One cluster, reached through its coordinators with a pool of connections. */
export interface SdbPort {
  /** A cheap round trip proving the cluster answers. */
  ping(options?: CallOptions): Promise<void>
  snapshot(name: SnapshotName, options?: QueryOptions): Promise<Doc[]>
  list(name: ListName, options?: QueryOptions): Promise<Doc[]>
  resetSnapshot?(): Promise<void>
  createGroup(name: string): Promise<void>
  removeGroup(name: string): Promise<void>
  startGroup(name: string): Promise<void>
  stopGroup(name: string): Promise<void>
  createNode(group: string, host: string, port: number, dbpath: string, config: Doc): Promise<void>
  removeNode(group: string, host: string, port: number): Promise<void>
  startNode(group: string, host: string, port: number): Promise<void>
  stopNode(group: string, host: string, port: number): Promise<void>
  createCollectionSpace(name: string, options: Doc): Promise<void>
  dropCollectionSpace(name: string): Promise<void>
  createCollection(cs: string, name: string, options: Doc): Promise<void>
  dropCollection(cs: string, name: string): Promise<void>
  renameCollection(cs: string, from: string, to: string): Promise<void>
  /** A handle on one collection (no round trip; errors surface on use). */
  collection(cs: string, name: string): CollectionPort
  killSession(sessionId: bigint): Promise<void>
  sql(text: string, options?: CallOptions): Promise<DocCursor>
  close(): Promise<void>
}

/** Connection settings of one configured cluster. */
export interface ClusterConfig {
  readonly id: string
  readonly name: string
  readonly hosts: readonly string[]
  readonly user?: string | undefined
  readonly password?: string | undefined
}

/** Opens a port on a cluster (the driver adapter in production). */
export type PortFactory = (config: ClusterConfig) => Promise<SdbPort>
