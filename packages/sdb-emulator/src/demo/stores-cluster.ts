import type { BsonDocument } from '@canopy/sdb-client/bson'
import { SqliteCatalogStore } from '../storage/catalog.js'
import { SqliteDataNodeStore } from '../storage/data-node.js'
import type { DemoTarget } from './index.js'

/** A cluster made of stores alone (no sockets), for loading the demo data set in tests and the bench. */
export interface StoresCluster {
  readonly catalog: SqliteCatalogStore
  /** The one data node store of a group. */
  readonly node: (group: string) => SqliteDataNodeStore
  /** Routes the demo loader's calls as the runtime routes a client's requests. */
  readonly target: DemoTarget
  readonly close: () => void
}

/**
 * A catalog and one data node store per group (`groups`: names with their service ports), in
 * memory or under `dataDir`, with a {@link DemoTarget} that places collections, builds indexes on
 * every group holding them and sends each document to the group its sharding key picks.
 */
export function storesCluster(groups: readonly (readonly [name: string, port: number])[], options: { dataDir?: string; prefix?: string } = {}): StoresCluster {
  const prefix = options.prefix ?? ''
  const catalog = new SqliteCatalogStore({ dataDir: options.dataDir, nodeName: `${prefix}catalog` })
  const stores = new Map<string, SqliteDataNodeStore>()
  for (const [group, port] of groups) {
    catalog.createGroup(group)
    catalog.createNode(group, { HostName: 'localhost', svcname: String(port), dbpath: `/data/${group}` })
    stores.set(group, new SqliteDataNodeStore({ dataDir: options.dataDir, nodeName: `${prefix}${group}` }))
  }
  const node = (group: string): SqliteDataNodeStore => {
    const store = stores.get(group)
    if (store === undefined) throw new Error(`no store for ${group}`)
    return store
  }
  const target: DemoTarget = {
    createCollectionSpace: (options) => catalog.createCollectionSpace(options),
    createCollection: (options) => {
      const cl = catalog.createCollection(options)
      for (const p of cl.placement) node(p.groupName).createCollection(cl.name, catalog.listIndexes(cl.name))
    },
    createIndex: (fullName, index) => {
      const placement = catalog.getCollection(fullName)?.placement ?? []
      catalog.createIndex(fullName, index, (def) => {
        for (const p of placement) node(p.groupName).createIndex(fullName, def)
      })
    },
    insert: (fullName, docs) => {
      const cl = catalog.getCollection(fullName)
      if (cl === undefined) throw new Error(`no collection ${fullName}`)
      const byGroup = new Map<string, BsonDocument[]>()
      for (const doc of docs) {
        const group = catalog.groupForDocument(cl, doc).groupName
        const part = byGroup.get(group) ?? []
        part.push(doc)
        byGroup.set(group, part)
      }
      for (const [group, part] of byGroup) node(group).batch(() => node(group).insert(fullName, part))
    },
  }
  return {
    catalog,
    node,
    target,
    close: () => {
      catalog.close()
      for (const store of stores.values()) store.close()
    },
  }
}
