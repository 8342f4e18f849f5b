import { encodeDocument, type BsonDocument } from '@canopy/sdb-client/bson'
import { describe, expect, it } from 'vitest'
import { SqliteCatalogStore } from '../storage/catalog.js'
import { SqliteDataNodeStore } from '../storage/data-node.js'
import { DemoCollections, loadDemo, type DemoTarget } from './index.js'

/** A two-group cluster on the stores alone, routed as the runtime routes a client's requests. */
function storesTarget() {
  const catalog = new SqliteCatalogStore({ nodeName: 'catalog' })
  const nodes = new Map<string, SqliteDataNodeStore>()
  for (const [group, port] of [
    ['group1', '11820'],
    ['group2', '11830'],
  ] as const) {
    catalog.createGroup(group)
    catalog.createNode(group, { HostName: 'h', svcname: port, dbpath: `/d/${port}` })
    nodes.set(group, new SqliteDataNodeStore({ nodeName: group }))
  }
  const node = (group: string) => {
    const store = nodes.get(group)
    if (store === undefined) throw new Error(`no node for ${group}`)
    return store
  }
  const target: DemoTarget = {
    createCollectionSpace: (options) => catalog.createCollectionSpace(options),
    createCollection: (options) => {
      const cl = catalog.createCollection(options)
      for (const p of cl.placement) node(p.groupName).createCollection(cl.name, catalog.listIndexes(cl.name))
    },
    createIndex: (fullName, index) => {
      const cl = catalog.getCollection(fullName)
      catalog.createIndex(fullName, index, (def) => {
        for (const p of cl?.placement ?? []) node(p.groupName).createIndex(fullName, def)
      })
    },
    insert: (fullName, docs) => {
      const cl = catalog.getCollection(fullName)
      if (cl === undefined) throw new Error(`no collection ${fullName}`)
      const byGroup = new Map<string, BsonDocument[]>()
      for (const doc of docs) {
        const group = catalog.groupForDocument(cl, doc).groupName
        byGroup.set(group, [...(byGroup.get(group) ?? []), doc])
      }
      for (const [group, part] of byGroup) node(group).batch(() => node(group).insert(fullName, part))
    },
  }
  const close = () => {
    catalog.close()
    for (const store of nodes.values()) store.close()
  }
  return { catalog, node, target, close }
}

describe('demo data set', () => {
  it('creates the collection spaces, collections and indexes and fills them (small size)', () => {
    const { catalog, node, target, close } = storesTarget()
    try {
      const summary = loadDemo(target, { size: 'small' })
      expect(catalog.listCollectionSpaces().map((s) => s.name)).toEqual(['shop', 'iot', 'hr'])
      expect(summary.collections.map((c) => c.name)).toEqual([
        DemoCollections.customers,
        DemoCollections.products,
        DemoCollections.orders,
        DemoCollections.devices,
        DemoCollections.readings,
        DemoCollections.departments,
        DemoCollections.employees,
      ])
      expect(summary.totalDocuments).toBe(1132)
      const stored = catalog
        .listCollections()
        .reduce((sum, cl) => sum + cl.placement.reduce((n, p) => n + node(p.groupName).count(cl.name), 0), 0)
      expect(stored).toBe(summary.totalDocuments)
      // The hash-sharded readings are spread over both groups.
      const readings = catalog.getCollection(DemoCollections.readings)
      expect(readings?.placement.map((p) => p.groupName)).toEqual(['group1', 'group2'])
      expect(node('group1').count(DemoCollections.readings)).toBeGreaterThan(100)
      expect(node('group2').count(DemoCollections.readings)).toBeGreaterThan(100)
      expect(catalog.listIndexes(DemoCollections.orders).map((d) => d.name)).toEqual(['$id', 'customer_date', 'status'])
      const order = [...node(catalog.getCollection(DemoCollections.orders)?.placement[0]?.groupName ?? '').tableScan(DemoCollections.orders)][0]?.doc
      expect(Object.keys(order ?? {})).toEqual(expect.arrayContaining(['_id', 'orderNo', 'customerId', 'orderDate', 'items', 'totals', 'payment']))
    } finally {
      close()
    }
  })

  it('is deterministic: two loads yield byte-identical documents', () => {
    const dump = () => {
      const { catalog, node, target, close } = storesTarget()
      try {
        loadDemo(target, { size: 'small' })
        return catalog
          .listCollections()
          .flatMap((cl) => cl.placement.flatMap((p) => [...node(p.groupName).tableScan(cl.name)].map((r) => encodeDocument(r.doc).toString('hex'))))
      } finally {
        close()
      }
    }
    expect(dump()).toEqual(dump())
  })

  it('full size holds 50,000+ documents', () => {
    const inserted: number[] = []
    const target: DemoTarget = {
      createCollectionSpace: () => undefined,
      createCollection: () => undefined,
      createIndex: () => undefined,
      insert: (_name, docs) => inserted.push(docs.length),
    }
    const summary = loadDemo(target)
    expect(summary.totalDocuments).toBeGreaterThanOrEqual(50_000)
    expect(Math.max(...inserted)).toBeLessThanOrEqual(1000)
  })
})
