import type { BsonDocument, BsonValue } from '../bson.js'
import { int32Of } from '../operations/numbers.js'
import { SdbApiError, SdbServerError } from '../errors.js'
import type { OperationOptions } from '../operations/executor.js'
import {
  CreateNodeOperation,
  GetGroupOperation,
  ReelectOperation,
  RemoveNodeOperation,
  StartGroupOperation,
  StopGroupOperation,
} from '../operations/group-operations.js'
import type { ClientContext } from './client-context.js'
import { Node, type NodeInfo } from './node.js'

// Error codes of the official drivers' client-side resolution (contract §10.8).
const SDB_SYS = -10
const SDB_RTN_NO_PRIMARY_FOUND = -71
const SDB_CLS_GRP_NOT_EXIST = -154
const SDB_CLS_NODE_NOT_EXIST = -155
const SDB_CLS_EMPTY_GROUP = -158

function clientError(code: number, detail: string): SdbServerError {
  return new SdbServerError(code, { detail })
}

/** Reads one element of a group's `Group` array; undefined when it lacks what a node needs. */
function nodeInfoOf(group: BsonDocument, element: BsonValue): NodeInfo {
  if (element === null || typeof element !== 'object' || Array.isArray(element)) throw clientError(SDB_SYS, 'a Group element is not an object')
  const doc = element as BsonDocument
  const hostName = doc['HostName']
  const nodeId = int32Of(doc['NodeID'])
  const services = doc['Service']
  if (typeof hostName !== 'string' || nodeId === undefined || !Array.isArray(services)) {
    throw clientError(SDB_SYS, 'a Group element lacks HostName, NodeID (int32) or Service')
  }
  let port: number | undefined
  for (const service of services) {
    if (service === null || typeof service !== 'object' || Array.isArray(service)) continue
    const s = service as BsonDocument
    if (int32Of(s['Type']) === 0 && typeof s['Name'] === 'string') port = Number.parseInt(s['Name'], 10)
  }
  if (port === undefined || !Number.isFinite(port)) throw clientError(SDB_SYS, `node ${nodeId} has no local service (Type 0)`)
  const dbPath = doc['dbpath']
  return {
    hostName,
    port,
    nodeId,
    groupName: typeof group['GroupName'] === 'string' ? group['GroupName'] : '',
    groupId: int32Of(group['GroupID']) ?? -1,
    dbPath: typeof dbPath === 'string' ? dbPath : undefined,
    status: int32Of(doc['Status']),
  }
}

/** A replica group: its nodes, master and slave resolution, start and stop. */
export class ReplicaGroup {
  readonly name: string
  readonly #context: ClientContext
  #groupId: number | undefined

  /** @internal Groups come from `Client` calls. */
  constructor(context: ClientContext, name: string, groupId?: number) {
    this.#context = context
    this.name = name
    this.#groupId = groupId
  }

  /** The group id, once known (after a lookup). */
  get groupId(): number | undefined {
    return this.#groupId
  }

  /** Reads the group document (`$list groups` with `{GroupName}`); -154 when the group is gone. */
  async detail(options?: OperationOptions): Promise<BsonDocument> {
    const cursor = this.#context.executor.cursor(new GetGroupOperation(this.name), (d) => d, options)
    const group = (await cursor.toArray())[0]
    if (group === undefined) throw clientError(SDB_CLS_GRP_NOT_EXIST, `group ${this.name} does not exist`)
    const id = int32Of(group['GroupID'])
    if (id !== undefined) this.#groupId = id
    return group
  }

  /** Every node of the group, in the group document's order. */
  async nodes(options?: OperationOptions): Promise<Node[]> {
    const group = await this.detail(options)
    const members = group['Group']
    if (!Array.isArray(members)) return []
    return members.map((m) => new Node(this.#context, nodeInfoOf(group, m)))
  }

  /**
   * The primary: the `Group` element whose `NodeID` is `PrimaryNode`. Errors as the official
   * drivers: -158 empty group, -71 no primary, -10 primary not among the nodes.
   */
  async getMaster(options?: OperationOptions): Promise<Node> {
    const group = await this.detail(options)
    const members = group['Group']
    if (!Array.isArray(members) || members.length === 0) throw clientError(SDB_CLS_EMPTY_GROUP, `group ${this.name} has no node`)
    const primary = int32Of(group['PrimaryNode'])
    if (primary === undefined || primary === -1) throw clientError(SDB_RTN_NO_PRIMARY_FOUND, `group ${this.name} has no primary`)
    for (const member of members) {
      const info = nodeInfoOf(group, member)
      if (info.nodeId === primary) return new Node(this.#context, info)
    }
    throw clientError(SDB_SYS, `primary node ${primary} is not in group ${this.name}`)
  }

  /**
   * A secondary, chosen at random among the nodes that are not the primary (the only node of a
   * one-node group). `positions` (1..7, into the group's node list) restrict the choice.
   */
  async getSlave(positions?: readonly number[], options?: OperationOptions): Promise<Node> {
    if (positions !== undefined && positions.some((p) => !Number.isInteger(p) || p < 1 || p > 7)) {
      throw new SdbApiError('node positions must be integers from 1 to 7')
    }
    const group = await this.detail(options)
    const members = group['Group']
    if (!Array.isArray(members) || members.length === 0) throw clientError(SDB_CLS_EMPTY_GROUP, `group ${this.name} has no node`)
    const infos = members.map((m) => nodeInfoOf(group, m))
    if (infos.length === 1) return new Node(this.#context, infos[0]!)
    const primary = int32Of(group['PrimaryNode'])
    const allowed = (positions ?? [1, 2, 3, 4, 5, 6, 7]).map((p) => p - 1).filter((i) => i < infos.length)
    const pool = allowed.length > 0 ? allowed : infos.map((_, i) => i)
    const candidates = pool.filter((i) => infos[i]!.nodeId !== primary)
    const from = candidates.length > 0 ? candidates : pool
    const pick = from[Math.floor(Math.random() * from.length)]!
    return new Node(this.#context, infos[pick]!)
  }

  /** The node at `host:port`; -155 when the group has no such node. */
  async getNode(hostName: string, port: number, options?: OperationOptions): Promise<Node> {
    for (const node of await this.nodes(options)) {
      if (node.hostName === hostName && node.port === port) return node
    }
    throw clientError(SDB_CLS_NODE_NOT_EXIST, `node ${hostName}:${port} is not in group ${this.name}`)
  }

  /** Adds a node (`$create node`); `config` holds further node options (wire spelling). */
  async createNode(hostName: string, port: number, dbPath: string, config: BsonDocument = {}, options?: OperationOptions): Promise<Node> {
    const created = await this.#context.executor.execute(new CreateNodeOperation(this.name, hostName, port, dbPath, config), options)
    const nodeId = created === undefined ? undefined : int32Of(created['NodeID'])
    return new Node(this.#context, {
      hostName,
      port,
      nodeId: nodeId ?? -1,
      groupName: this.name,
      groupId: this.#groupId ?? -1,
      dbPath,
      status: created === undefined ? undefined : int32Of(created['Status']),
    })
  }

  /** Removes a node (`$remove node`). */
  async removeNode(hostName: string, port: number, config: BsonDocument = {}, options?: OperationOptions): Promise<void> {
    return await this.#context.executor.execute(new RemoveNodeOperation(this.name, hostName, port, config), options)
  }

  /** Starts (activates) every node of the group (`$active group`). */
  async start(options?: OperationOptions): Promise<void> {
    return await this.#context.executor.execute(new StartGroupOperation(this.name), options)
  }

  /** Stops every node of the group (`$shutdown group`). */
  async stop(options?: OperationOptions): Promise<void> {
    return await this.#context.executor.execute(new StopGroupOperation(this.name), options)
  }

  /** Asks the group to elect a primary again (`$reelect`). */
  async reelect(reelectOptions: { seconds?: number; nodeId?: number } = {}, options?: OperationOptions): Promise<void> {
    return await this.#context.executor.execute(new ReelectOperation(this.name, reelectOptions), options)
  }
}
