import type { BsonDocument } from '../bson.js'
import type { Client } from './client.js'
import type { OperationOptions } from '../operations/executor.js'
import { ShutdownNodeOperation, StartNodeOperation } from '../operations/group-operations.js'
import type { ClientContext } from './client-context.js'

/** A node of a replica group, as described by its group document (contract §10.6.1). */
export interface NodeInfo {
  readonly hostName: string
  /** The client port (the `Service` entry with `Type` 0). */
  readonly port: number
  readonly nodeId: number
  readonly groupName: string
  readonly groupId: number
  readonly dbPath: string | undefined
  /** 1 activated, 0 not yet activated. */
  readonly status: number | undefined
}

/** One node: start, stop, and a direct connection to it. */
export class Node implements NodeInfo {
  readonly hostName: string
  readonly port: number
  readonly nodeId: number
  readonly groupName: string
  readonly groupId: number
  readonly dbPath: string | undefined
  readonly status: number | undefined
  readonly #context: ClientContext

  /** @internal Nodes come from `ReplicaGroup` calls. */
  constructor(context: ClientContext, info: NodeInfo) {
    this.#context = context
    this.hostName = info.hostName
    this.port = info.port
    this.nodeId = info.nodeId
    this.groupName = info.groupName
    this.groupId = info.groupId
    this.dbPath = info.dbPath
    this.status = info.status
  }

  /** `"host:port"`, the name the server uses for the node. */
  get nodeName(): string {
    return `${this.hostName}:${this.port}`
  }

  /** Starts the node through the cluster manager of its host (`$startup node`). */
  async start(options?: OperationOptions): Promise<void> {
    return await this.#context.executor.execute(new StartNodeOperation(this.hostName, this.port), options)
  }

  /** Stops the node (`$shutdown node`). */
  async stop(options?: OperationOptions): Promise<void> {
    return await this.#context.executor.execute(new ShutdownNodeOperation(this.hostName, this.port), options)
  }

  /** Opens a client connected to this node directly, with the same credentials. */
  async connect(): Promise<Client> {
    return await this.#context.connectTo(this.nodeName)
  }

  /** The node as a plain object (for JSON). */
  toJSON(): BsonDocument {
    return {
      hostName: this.hostName,
      port: this.port,
      nodeId: this.nodeId,
      groupName: this.groupName,
      groupId: this.groupId,
      dbPath: this.dbPath ?? null,
      status: this.status ?? null,
    }
  }
}
