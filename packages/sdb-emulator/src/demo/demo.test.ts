import { encodeDocument } from '@canopy/sdb-client/bson'
import { describe, expect, it } from 'vitest'
import { DemoCollections, loadDemo, type DemoTarget } from './index.js'
import { storesCluster } from './stores-cluster.js'

/** A two-group cluster on the stores alone, routed as the runtime routes a client's requests. */
function storesTarget() {
  return storesCluster([
    ['group1', 11820],
    ['group2', 11830],
  ])
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
