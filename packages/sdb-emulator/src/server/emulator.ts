import { createHash } from 'node:crypto'
import { createServer } from 'node:net'
import { Cluster, GroupRole, nodeName, SystemGroup, type ClusterNode } from '../cluster/cluster.js'
import { DataRouter } from '../cluster/data-router.js'
import { NodeState } from '../cluster/node-state.js'
import { loadDemo, type DemoTarget } from '../demo/index.js'
import { insertDocuments } from '../handlers/insert.js'
import type { HandlerEnv, SessionState } from '../handlers/types.js'
import { openCatalogStore, openDataNodeStore, type CatalogStore } from '../storage/index.js'
import { indexKeys, parseIndexKey } from '../engine/index.js'
import { ContextRegistry } from './contexts.js'
import { NodeServer } from './node-server.js'
import { Session, type SessionHost } from './session.js'

/** A user created at start-up (so authentication is required). */
export interface EmulatorUser {
  readonly user: string
  readonly password: string
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Address every node binds to (default 127.0.0.1). */
  readonly host?: string
  /** The coordinator's service port (default 11810); the other nodes follow in steps of 10; 0 = free ports. */
  readonly port?: number
  /** Durable data directory; without it everything lives in memory. */
  readonly dataDir?: string
  /** Number of data groups of a new cluster (default 3). */
  readonly groups?: number
  /** Nodes per data group of a new cluster (default 3). */
  readonly replicas?: number
  /** Names of the data groups of a new cluster (default group1, group2, ...); overrides `groups`. */
  readonly groupNames?: readonly string[]
  /** Load the demo data set (`'small'` for the quick variant used by e2e tests). */
  readonly demo?: boolean | 'small' | 'full'
  /** Users to create (when missing). */
  readonly users?: readonly EmulatorUser[]
}

/** One node's address, as printed when the emulator is ready. */
export interface EmulatorNode {
  readonly role: 'coord' | 'catalog' | 'data'
  readonly groupName: string
  readonly nodeId: number
  readonly host: string
  readonly port: number
  /** `host:port` */
  readonly address: string
  readonly running: boolean
}

/** A running emulator. */
export interface Emulator {
  /** `host:port` of the coordinator, where clients connect. */
  readonly coordAddress: string
  /** Every node of the cluster (a fresh list on each read). */
  readonly nodes: readonly EmulatorNode[]
  /** Stops every node and closes the stores. Idempotent. */
  close(): Promise<void>
}

/** The emulator's internals, for the demo loader and tests that need them. */
export interface EmulatorInternals extends Emulator {
  readonly cluster: Cluster
  readonly catalog: CatalogStore
  readonly router: DataRouter
}

const md5hex = (s: string): string => createHash('md5').update(s).digest('hex')

/**
 * Picks `n` free ports on `host` for new nodes: at least 6 apart from each other and from the
 * `taken` service ports, because a node owns its port and the next five (create node refuses a
 * port inside another node's range with -157).
 */
export async function freeServicePorts(host: string, n: number, taken: readonly number[] = []): Promise<number[]> {
  const ports: number[] = []
  let attempts = 0
  while (ports.length < n && attempts < n * 20) {
    attempts += 1
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer()
      s.once('error', reject)
      s.listen({ host, port: 0, exclusive: true }, () => {
        const addr = s.address()
        const p = typeof addr === 'object' && addr !== null ? addr.port : 0
        s.close(() => resolve(p))
      })
    })
    if (port > 0 && port < 65530 && [...taken, ...ports].every((p) => Math.abs(p - port) >= 6)) ports.push(port)
  }
  if (ports.length < n) throw new Error(`Could not find ${String(n)} free ports on ${host}`)
  return ports
}

function roleOf(node: ClusterNode): EmulatorNode['role'] {
  if (node.group.role === GroupRole.Coord) return 'coord'
  if (node.group.role === GroupRole.Catalog) return 'catalog'
  return 'data'
}

/** A session for work the emulator does on its own behalf (the demo loader). */
function systemSession(): SessionState {
  return {
    id: 0n,
    contexts: new ContextRegistry(),
    user: '',
    scram: undefined,
    attributes: {},
    transaction: undefined,
    lobs: new Map(),
    connectedAt: new Date(),
    remote: 'emulator',
    lastOp: 'UNKNOWN',
    terminate: () => undefined,
  }
}

/** The demo loader's target: the same routing as the equivalent client requests. */
function demoTarget(env: HandlerEnv): DemoTarget {
  return {
    createCollectionSpace: (options) => {
      env.catalog.createCollectionSpace(options)
    },
    createCollection: (options) => {
      const info = env.catalog.createCollection(options)
      const indexes = env.catalog.listIndexes(info.name)
      env.router.onPrimaries(env.router.groupsOf(info), (store) => store.createCollection(info.name, indexes))
    },
    createIndex: (fullName, index) => {
      const info = env.router.collection(fullName)
      env.catalog.createIndex(fullName, index, (def) => {
        env.router.onPrimaries(env.router.groupsOf(info), (store) => store.createIndex(fullName, def))
      })
    },
    insert: (fullName, docs) => {
      insertDocuments(env, fullName, docs, 0)
    },
  }
}

/** Creates the topology of a new cluster in the catalog: coord, catalog, N groups of M nodes. */
async function createTopology(
  catalog: CatalogStore,
  options: { host: string; port: number; groupNames: readonly string[]; replicas: number; dataDir: string | undefined },
): Promise<void> {
  const count = 2 + options.groupNames.length * options.replicas
  const ports = options.port === 0 ? await freeServicePorts(options.host, count) : Array.from({ length: count }, (_, i) => options.port + 10 * i)
  const base = options.dataDir ?? '/memory'
  let i = 2
  const add = (groupName: string, dir: string, port = ports[i++]): void => {
    if (port === undefined) throw new Error('internal: no port left for a node')
    catalog.createNode(groupName, { HostName: options.host, svcname: String(port), dbpath: `${base}/${dir}/${String(port)}` })
  }
  // The catalog is created first so that it gets node id 1, as on a real cluster.
  catalog.createGroup(SystemGroup.CatalogName)
  add(SystemGroup.CatalogName, 'catalog', ports[1])
  catalog.createGroup(SystemGroup.CoordName)
  add(SystemGroup.CoordName, 'coord', ports[0])
  for (const name of options.groupNames) {
    catalog.createGroup(name)
    for (let r = 0; r < options.replicas; r += 1) add(name, 'data')
  }
  for (const g of catalog.listGroups()) catalog.setGroupStatus(g.groupName, 1)
}

/**
 * Starts a SequoiaDB-compatible cluster in this process: a coordinator, a catalog node and N
 * data groups of M nodes, each listening on its own port. With `dataDir` the topology and all
 * data survive a restart (and a `kill -9`); without it everything lives in memory.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorInternals> {
  const host = options.host ?? '127.0.0.1'
  const port = options.port ?? 11810
  const dataDir = options.dataDir
  const catalog = openCatalogStore({ dataDir, nodeName: 'catalog' })
  const autoPorts = port === 0
  try {
    if (catalog.listGroups().length === 0) {
      const groupNames = options.groupNames ?? Array.from({ length: options.groups ?? 3 }, (_, i) => `group${String(i + 1)}`)
      await createTopology(catalog, { host, port, groupNames, replicas: options.replicas ?? 3, dataDir })
    }
    for (const u of options.users ?? []) {
      if (catalog.getUser(u.user) === undefined) catalog.createUser(u.user, md5hex(u.password))
    }
  } catch (err) {
    catalog.close()
    throw err
  }

  const startedAt = new Date()
  const servers = new Map<ClusterNode, NodeServer>()
  const live = new Map<SessionState, ClusterNode>()
  const router = new DataRouter(catalog, (node) =>
    openDataNodeStore({ dataDir, nodeName: `${node.group.name}-${String(node.nodeId)}` }, { indexKeysOf: (doc, keyPattern) => indexKeys(doc, parseIndexKey(keyPattern)) }),
  )

  const host_: SessionHost = {
    startSeconds: BigInt(Math.floor(startedAt.getTime() / 1000)),
    env: (node, session): HandlerEnv => ({
      cluster,
      catalog,
      router,
      node,
      session,
      startedAt,
      sessions: () => [...live].map(([s, n]) => ({ node: n, session: s })),
    }),
    track: (node, session, alive) => {
      if (alive) live.set(session, node)
      else live.delete(session)
    },
  }

  const cluster: Cluster = new Cluster(
    {
      listen: async (node) => {
        const server = new NodeServer(node, host, (socket, n) => new Session(socket, n, host_))
        let bound: number
        try {
          bound = await server.listen(node.port)
        } catch (err) {
          // With --port 0 a node whose old port is taken after a restart takes a new one.
          if (!autoPorts) throw err
          bound = await server.listen(0)
        }
        servers.set(node, server)
        return bound
      },
      close: async (node) => {
        const server = servers.get(node)
        servers.delete(node)
        await server?.close()
      },
    },
    catalog,
    router,
  )
  router.attach(cluster)

  try {
    await cluster.startAll()
    if (options.demo !== undefined && options.demo !== false && catalog.getSetting('demo') === undefined) {
      const env = host_.env(cluster.coordNode()!, systemSession())
      const summary = loadDemo(demoTarget(env), { size: options.demo === 'small' ? 'small' : 'full' })
      catalog.setSetting('demo', String(summary.totalDocuments))
    }
  } catch (err) {
    await cluster.close()
    router.close()
    catalog.close()
    throw err
  }

  let closing: Promise<void> | undefined
  const coord = (): ClusterNode => {
    const c = cluster.coordNode()
    if (c === undefined) throw new Error('The cluster has no coordinator')
    return c
  }
  return {
    get coordAddress() {
      return `${host}:${String(coord().port)}`
    },
    get nodes() {
      return cluster.allNodes().map((n) => ({
        role: roleOf(n),
        groupName: n.group.name,
        nodeId: n.nodeId,
        host,
        port: n.port,
        address: nodeName({ ...n, hostName: host }),
        running: n.state === NodeState.Running,
      }))
    },
    cluster,
    catalog,
    router,
    close() {
      closing ??= (async () => {
        await cluster.close()
        router.close()
        catalog.close()
      })()
      return closing
    },
  }
}
