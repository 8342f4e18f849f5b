import type { BsonDocument } from '../bson.js'
import type { Cursor } from '../cursor/cursor.js'
import { ErrorCode, SdbApiError, SdbNetworkError, SdbServerError } from '../errors.js'
import {
  CreateCollectionSpaceOperation,
  DropCollectionSpaceOperation,
  RenameCollectionSpaceOperation,
  TestCollectionSpaceOperation,
} from '../operations/collection-space-operations.js'
import { TestCollectionOperation, TruncateCollectionOperation } from '../operations/collection-operations.js'
import { CreateDomainOperation, DropDomainOperation } from '../operations/domain-operations.js'
import { OperationExecutor, type OperationConnection, type OperationOptions } from '../operations/executor.js'
import {
  CreateCatalogGroupOperation,
  CreateGroupOperation,
  GetGroupOperation,
  RemoveGroupOperation,
} from '../operations/group-operations.js'
import {
  ListGroupsOperation,
  ListOperation,
  ResetSnapshotOperation,
  SnapshotOperation,
  type ListType,
  type MonitoringQuery,
  type SnapshotType,
} from '../operations/monitoring-operations.js'
import { interruptRequest } from '../operations/requests.js'
import {
  CreateUserOperation,
  RemoveUserOperation,
  SqlQueryOperation,
  SqlUpdateOperation,
  TransactionBeginOperation,
  TransactionCommitOperation,
  TransactionRollbackOperation,
} from '../operations/session-messages.js'
import { ForceSessionOperation, GetSessionAttributesOperation, SetSessionAttributesOperation } from '../operations/session-operations.js'
import type { CollectionSpaceOptions, DomainOptions, SessionAttributes } from '../operations/wire-options.js'
import { ConnectionPool, type Connector } from '../pool/connection-pool.js'
import { parseHostAddress, type HostAddress } from '../pool/host-address.js'
import { int32Of } from '../operations/numbers.js'
import type { ClientContext } from './client-context.js'
import { Collection } from './collection.js'
import { CollectionSpace } from './collection-space.js'
import { Domain } from './domain.js'
import { checkName, splitFullName } from './names.js'
import { ReplicaGroup } from './replica-group.js'
import { defaultConnector } from './default-connector.js'

/** Options of {@link Client.connect}. Durations in milliseconds. */
export interface ClientOptions {
  /** Coordinator addresses `"host:port"`, tried in order (failover). */
  readonly hosts: string | readonly string[]
  /** User name; empty for a server without users. */
  readonly user?: string
  readonly password?: string
  /** Time allowed to open one connection (TCP + handshake + login). Default 10 000. */
  readonly connectTimeoutMs?: number
  /** Default time limit of every request; none when omitted. */
  readonly operationTimeoutMs?: number
  /** Most connections open at once. Default 10. */
  readonly maxPoolSize?: number
  /** Idle connections older than this are closed (0 = never). Default 60 000. */
  readonly idleTimeoutMs?: number
  /** Check idle connections this often and drop dead ones (0 = never). Default 0. */
  readonly healthCheckIntervalMs?: number
  /** How long a coordinator that refused stays behind the others. Default 5 000. */
  readonly hostRetryDelayMs?: number
  /** Opens one connection; defaults to the driver's own TCP connection. */
  readonly connector?: Connector<OperationConnection>
}

function toArray(hosts: string | readonly string[]): readonly string[] {
  return typeof hosts === 'string' ? hosts.split(',') : hosts
}

/**
 * A client of one SequoiaDB cluster, over a pool of connections to its coordinators.
 *
 * Session state (a transaction, session attributes) lives on one server session, so while a
 * transaction is open or after `setSessionAttributes`, every call of this client runs on one
 * pinned connection.
 */
export class Client {
  readonly #options: ClientOptions
  readonly #pool: ConnectionPool<OperationConnection>
  readonly #executor: OperationExecutor<OperationConnection>
  readonly #context: ClientContext
  #inTransaction = false
  #sessionAttributes: SessionAttributes | undefined
  #closed = false

  private constructor(options: ClientOptions, hosts: readonly HostAddress[]) {
    this.#options = options
    const connector = options.connector ?? defaultConnector({
      user: options.user ?? '',
      password: options.password ?? '',
    })
    this.#pool = new ConnectionPool<OperationConnection>({
      hosts,
      connect: connector,
      ...(options.maxPoolSize === undefined ? {} : { maxSize: options.maxPoolSize }),
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
      ...(options.hostRetryDelayMs === undefined ? {} : { hostRetryDelayMs: options.hostRetryDelayMs }),
      ...(options.healthCheckIntervalMs === undefined ? {} : { healthCheckIntervalMs: options.healthCheckIntervalMs }),
      healthCheck: async (connection, signal) => {
        await this.#executor.requestOn(connection, new GetSessionAttributesOperation().buildRequest({ authVersion: 0 }), { signal })
      },
    })
    this.#executor = new OperationExecutor(this.#pool, { operationTimeoutMs: options.operationTimeoutMs })
    this.#executor.onPinnedLost(() => this.#recoverSession())
    this.#context = {
      executor: this.#executor,
      connectTo: (address) => Client.connect({ ...this.#options, hosts: [address] }),
    }
  }

  /**
   * Connects to the first coordinator that answers and logs in; later connections are opened
   * on demand. Rejects with the server's error on bad credentials, or a network/timeout error
   * when no address answers.
   */
  static async connect(options: ClientOptions): Promise<Client> {
    const texts = toArray(options.hosts)
    if (texts.length === 0) throw new SdbApiError('hosts must name at least one "host:port"')
    const hosts = texts.map((text) => {
      const address = parseHostAddress(text)
      if (address === undefined) throw new SdbApiError(`"${text}" is not a "host:port" address`)
      return address
    })
    const client = new Client(options, hosts)
    try {
      const first = await client.#pool.acquire({ timeoutMs: options.connectTimeoutMs })
      client.#pool.release(first)
    } catch (error) {
      await client.close()
      throw error
    }
    return client
  }

  /** True after `close()`. */
  get closed(): boolean {
    return this.#closed
  }

  /** Connections open (idle, lent, being opened). */
  get poolSize(): number {
    return this.#pool.size
  }

  /** True while a transaction is open on this client. */
  get inTransaction(): boolean {
    return this.#inTransaction
  }

  // ---- collection spaces -------------------------------------------------------------------

  /** Creates a collection space: `createCollectionSpace('foo', {pageSize: 16384})`. */
  async createCollectionSpace(name: string, options: CollectionSpaceOptions = {}, callOptions?: OperationOptions): Promise<CollectionSpace> {
    checkName(name, 'collection space')
    await this.#executor.execute(new CreateCollectionSpaceOperation(name, options), callOptions)
    return new CollectionSpace(this.#context, name)
  }

  /** Drops a collection space and everything in it. */
  async dropCollectionSpace(name: string, options: { ensureEmpty?: boolean; skipRecycleBin?: boolean } = {}, callOptions?: OperationOptions): Promise<void> {
    checkName(name, 'collection space')
    return await this.#executor.execute(new DropCollectionSpaceOperation(name, options), callOptions)
  }

  /** Checks that the collection space exists (`$test collectionspace`); -34 when it does not. */
  async getCollectionSpace(name: string, callOptions?: OperationOptions): Promise<CollectionSpace> {
    checkName(name, 'collection space')
    await this.#executor.execute(new TestCollectionSpaceOperation(name), callOptions)
    return new CollectionSpace(this.#context, name)
  }

  /** A handle on a collection space without asking the server. */
  collectionSpace(name: string): CollectionSpace {
    checkName(name, 'collection space')
    return new CollectionSpace(this.#context, name)
  }

  /** Renames a collection space. */
  async renameCollectionSpace(oldName: string, newName: string, callOptions?: OperationOptions): Promise<CollectionSpace> {
    checkName(oldName, 'collection space')
    checkName(newName, 'collection space')
    await this.#executor.execute(new RenameCollectionSpaceOperation(oldName, newName), callOptions)
    return new CollectionSpace(this.#context, newName)
  }

  /** Records `{Name}` of every collection space. */
  listCollectionSpaces(query: MonitoringQuery = {}, callOptions?: OperationOptions): Cursor {
    return this.list('collectionSpaces', query, callOptions)
  }

  // ---- collections -------------------------------------------------------------------------

  /** Checks that `"cs.cl"` exists (`$test collection`) and returns it. */
  async getCollection(fullName: string, callOptions?: OperationOptions): Promise<Collection> {
    const [space, name] = splitFullName(fullName)
    await this.#executor.execute(new TestCollectionOperation(fullName), callOptions)
    return new Collection(this.#context, space, name)
  }

  /** A handle on `"cs.cl"` without asking the server. */
  collection(fullName: string): Collection {
    const [space, name] = splitFullName(fullName)
    return new Collection(this.#context, space, name)
  }

  /** Records `{Name: "cs.cl"}` of every collection. */
  listCollections(query: MonitoringQuery = {}, callOptions?: OperationOptions): Cursor {
    return this.list('collections', query, callOptions)
  }

  /** Removes every record of `"cs.cl"` (`$truncate`). */
  async truncateCollection(fullName: string, callOptions?: OperationOptions): Promise<void> {
    splitFullName(fullName)
    return await this.#executor.execute(new TruncateCollectionOperation(fullName), callOptions)
  }

  // ---- replica groups ----------------------------------------------------------------------

  /** Group documents of every replica group (`$list groups`). */
  listReplicaGroups(query: MonitoringQuery = {}, callOptions?: OperationOptions): Cursor {
    return this.#executor.cursor(new ListGroupsOperation(query), (d) => d, callOptions)
  }

  /** A replica group by name or id; -154 when it does not exist. */
  async getReplicaGroup(nameOrId: string | number, callOptions?: OperationOptions): Promise<ReplicaGroup> {
    const groups = await this.#executor.cursor(new GetGroupOperation(nameOrId), (d) => d, callOptions).toArray()
    const group = groups[0]
    if (group === undefined) throw new SdbServerError(-154, { detail: `group ${String(nameOrId)} does not exist` })
    const name = group['GroupName']
    return new ReplicaGroup(this.#context, typeof name === 'string' ? name : String(nameOrId), int32Of(group['GroupID']))
  }

  /** Creates a replica group (`$create group`). */
  async createReplicaGroup(name: string, callOptions?: OperationOptions): Promise<ReplicaGroup> {
    const created = await this.#executor.execute(new CreateGroupOperation(name), callOptions)
    return new ReplicaGroup(this.#context, name, int32Of(created?.['GroupID']))
  }

  /** Removes a replica group (`$remove group`). */
  async removeReplicaGroup(name: string, callOptions?: OperationOptions): Promise<void> {
    return await this.#executor.execute(new RemoveGroupOperation(name), callOptions)
  }

  /** Creates the catalog group with its first node (`$create catalog group`). */
  async createCatalogReplicaGroup(hostName: string, port: number, dbPath: string, config: BsonDocument = {}, callOptions?: OperationOptions): Promise<ReplicaGroup> {
    await this.#executor.execute(new CreateCatalogGroupOperation(hostName, port, dbPath, config), callOptions)
    return new ReplicaGroup(this.#context, 'SYSCatalogGroup', 1)
  }

  // ---- monitoring --------------------------------------------------------------------------

  /** Any list of contract §10.5: `list('groups')`, `list('sessions', {condition})`. */
  list(type: ListType, query: MonitoringQuery = {}, callOptions?: OperationOptions): Cursor {
    return this.#executor.cursor(new ListOperation(type, query), (d) => d, callOptions)
  }

  /** Any snapshot of contract §10.5: `snapshot('database')`, `snapshot('health')`. */
  snapshot(type: SnapshotType, query: MonitoringQuery = {}, callOptions?: OperationOptions): Cursor {
    return this.#executor.cursor(new SnapshotOperation(type, query), (d) => d, callOptions)
  }

  /** Resets snapshot counters (`$snapshot reset`); `options` e.g. `{Type: 'sessions'}`. */
  async resetSnapshot(options?: BsonDocument, callOptions?: OperationOptions): Promise<void> {
    return await this.#executor.execute(new ResetSnapshotOperation(options), callOptions)
  }

  // ---- SQL ---------------------------------------------------------------------------------

  /** Runs a SQL `select`; records come through the cursor. */
  exec(sql: string, callOptions?: OperationOptions): Cursor {
    return this.#executor.cursor(new SqlQueryOperation(sql), (d) => d, callOptions)
  }

  /** Runs a SQL statement without records (insert, update, delete, DDL). */
  async execUpdate(sql: string, callOptions?: OperationOptions): Promise<BsonDocument | undefined> {
    return await this.#executor.execute(new SqlUpdateOperation(sql), callOptions)
  }

  // ---- users -------------------------------------------------------------------------------

  /** Creates a user (opCode 7001). */
  async createUser(user: string, password: string, options?: BsonDocument, callOptions?: OperationOptions): Promise<void> {
    if (user === '') throw new SdbApiError('the user name is empty')
    await this.#executor.execute(new CreateUserOperation(user, password, options), callOptions)
  }

  /** Removes a user (opCode 7002); the server checks the password. */
  async removeUser(user: string, password: string, callOptions?: OperationOptions): Promise<void> {
    return await this.#executor.execute(new RemoveUserOperation(user, password), callOptions)
  }

  // ---- domains -----------------------------------------------------------------------------

  /** Creates a domain over some groups. */
  async createDomain(name: string, options: DomainOptions = {}, callOptions?: OperationOptions): Promise<Domain> {
    await this.#executor.execute(new CreateDomainOperation(name, options), callOptions)
    return new Domain(this.#context, name)
  }

  /** Drops a domain. */
  async dropDomain(name: string, callOptions?: OperationOptions): Promise<void> {
    return await this.#executor.execute(new DropDomainOperation(name), callOptions)
  }

  /** A domain by name; -214 when it does not exist. */
  async getDomain(name: string, callOptions?: OperationOptions): Promise<Domain> {
    const found = await this.list('domains', { condition: { Name: name } }, callOptions).toArray()
    if (found.length === 0) throw new SdbServerError(-214, { detail: `domain ${name} does not exist` })
    return new Domain(this.#context, name)
  }

  /** Records of every domain. */
  listDomains(query: MonitoringQuery = {}, callOptions?: OperationOptions): Cursor {
    return this.list('domains', query, callOptions)
  }

  // ---- session -----------------------------------------------------------------------------

  /** Sets session attributes (`{preferredInstance: 'S'}`); later calls run on this session. */
  async setSessionAttributes(attributes: SessionAttributes, callOptions?: OperationOptions): Promise<void> {
    const operation = new SetSessionAttributesOperation(attributes)
    await this.#executor.pin(callOptions)
    await this.#executor.execute(operation, callOptions)
    this.#sessionAttributes = { ...(this.#sessionAttributes ?? {}), ...attributes }
  }

  /** Ends another session by its id (`$force session`); -62 when there is no such session. */
  async forceSession(sessionId: number | bigint, nodeSelection?: BsonDocument, callOptions?: OperationOptions): Promise<void> {
    return await this.#executor.execute(new ForceSessionOperation(sessionId, nodeSelection), callOptions)
  }

  /** The attributes of the session (pinned when set, else a pooled connection's). */
  async getSessionAttributes(callOptions?: OperationOptions): Promise<BsonDocument> {
    return await this.#executor.execute(new GetSessionAttributesOperation(), callOptions)
  }

  // ---- transactions ------------------------------------------------------------------------

  /** Begins a transaction; every call of this client runs in it until commit or rollback. */
  async transactionBegin(callOptions?: OperationOptions): Promise<void> {
    await this.#executor.pin(callOptions)
    try {
      await this.#executor.execute(new TransactionBeginOperation(), callOptions)
      this.#inTransaction = true
    } catch (error) {
      this.#unpinIfIdle()
      throw error
    }
  }

  /** Commits the open transaction. */
  async transactionCommit(callOptions?: OperationOptions): Promise<void> {
    try {
      await this.#executor.execute(new TransactionCommitOperation(), callOptions)
    } finally {
      this.#inTransaction = false
      this.#unpinIfIdle()
    }
  }

  /** Rolls the open transaction back. */
  async transactionRollback(callOptions?: OperationOptions): Promise<void> {
    try {
      await this.#executor.execute(new TransactionRollbackOperation(), callOptions)
    } finally {
      this.#inTransaction = false
      this.#unpinIfIdle()
    }
  }

  /**
   * Runs `fn` inside a transaction: commit when it resolves, rollback when it throws.
   */
  async withTransaction<R>(fn: () => Promise<R>, callOptions?: OperationOptions): Promise<R> {
    await this.transactionBegin(callOptions)
    let result: R
    try {
      result = await fn()
    } catch (error) {
      await this.transactionRollback(callOptions).catch(() => undefined)
      throw error
    }
    await this.transactionCommit(callOptions)
    return result
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /** Closes every open cursor on the server side (interrupt, opCode 2009). */
  async closeAllCursors(callOptions?: OperationOptions): Promise<void> {
    return await this.#executor.interruptAll(interruptRequest(), callOptions)
  }

  /** Checks idle connections now; returns how many answered. */
  async checkHealth(): Promise<number> {
    return await this.#pool.checkHealth()
  }

  /**
   * Closes every connection (each sends disconnect first); open cursors end without a kill
   * (the server drops their contexts with the session). Safe to call repeatedly.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#executor.abandonCursors()
    this.#executor.unpin()
    await this.#pool.close()
  }

  #unpinIfIdle(): void {
    if (!this.#inTransaction && this.#sessionAttributes === undefined) this.#executor.unpin()
  }

  /**
   * The pinned connection died (server restart, network cut). A transaction cannot survive
   * that: the call fails, so nothing runs outside the transaction unnoticed. Session attributes
   * are set again on a new connection.
   */
  async #recoverSession(): Promise<OperationConnection> {
    if (this.#inTransaction) {
      this.#inTransaction = false
      if (this.#sessionAttributes !== undefined) await this.#restoreAttributes(this.#sessionAttributes).catch(() => undefined)
      throw new SdbNetworkError(
        'the connection of the open transaction was lost; the server rolled the transaction back',
        ErrorCode.NETWORK_CLOSE,
      )
    }
    const attributes = this.#sessionAttributes
    if (attributes === undefined) return this.#pool.acquire()
    return this.#restoreAttributes(attributes)
  }

  async #restoreAttributes(attributes: SessionAttributes): Promise<OperationConnection> {
    const connection = await this.#executor.pin()
    await this.#executor.execute(new SetSessionAttributesOperation(attributes))
    return connection
  }
}
