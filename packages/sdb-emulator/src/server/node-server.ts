import { createServer, type Server, type Socket } from 'node:net'
import type { ClusterNode } from '../cluster/cluster.js'
import { SdbFault } from '../engine/fault.js'

/** Something that serves one TCP connection and can be dropped. */
export interface Connection {
  /** Ends the connection at once, dropping its contexts. */
  destroy(): void
}

/**
 * The TCP listener of one running node. Each accepted socket becomes a session through
 * `accept`; stopping the listener closes the port and drops every session of the node.
 */
export class NodeServer {
  private server: Server | undefined
  private readonly connections = new Set<Connection>()

  constructor(
    readonly node: ClusterNode,
    private readonly host: string,
    private readonly accept: (socket: Socket, node: ClusterNode) => Connection,
  ) {}

  /** Binds `port` (0 = any free port) and resolves with the bound port. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer({ noDelay: true }, (socket) => {
        const conn = this.accept(socket, this.node)
        this.connections.add(conn)
        socket.once('close', () => this.connections.delete(conn))
      })
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(new SdbFault(-156, `Failed to start node on ${this.host}:${port}: ${err.code ?? err.message}`))
      })
      server.listen({ host: this.host, port, exclusive: true }, () => {
        // Later errors (e.g. too many open files while accepting) must not end the process.
        server.on('error', () => undefined)
        this.server = server
        const addr = server.address()
        resolve(typeof addr === 'object' && addr !== null ? addr.port : port)
      })
    })
  }

  /** Closes the port and every session. */
  close(): Promise<void> {
    const server = this.server
    this.server = undefined
    for (const c of this.connections) c.destroy()
    this.connections.clear()
    if (server === undefined) return Promise.resolve()
    return new Promise((resolve) => server.close(() => resolve()))
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.connections.size
  }
}
