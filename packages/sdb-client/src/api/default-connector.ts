import { Connection } from '../connection/index.js'
import type { OperationConnection } from '../operations/executor.js'
import type { Connector } from '../pool/connection-pool.js'

/** Opens the driver's own TCP connection (handshake and login included) with these credentials. */
export function defaultConnector(credentials: { user: string; password: string }): Connector<OperationConnection> {
  return async (address, options) => Connection.connect({
    host: address.host,
    port: address.port,
    user: credentials.user,
    password: credentials.password,
    connectTimeoutMs: options.timeoutMs,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  })
}
