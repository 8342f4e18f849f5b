import type { Client } from './client.js'
import type { OperationConnection, OperationExecutor } from '../operations/executor.js'

/** What the API objects share with their client: the engine, and a way to reach another node. */
export interface ClientContext {
  readonly executor: OperationExecutor<OperationConnection>
  /** Opens a new client on one address with the same credentials and options. */
  connectTo(address: string): Promise<Client>
}
