import { describe, expect, it } from 'vitest'
import { alignStandalone, buildTopology, databaseTotals, findNode, MetricsTracker, rates, readDatabaseSnapshot, standaloneTopology, stopImpact } from './topology.js'
import { readDatabaseMetrics } from './topology.service.js'

// Shapes from a real SequoiaDB 6.0 cluster's replies (wire-vectors real-server-cluster-exchanges).
const svc = (base: number, n = 3) => Array.from({ length: n }, (_, i) => ({ Type: i, Name: String(base + i) }))
const groups = [
  { GroupName: 'SYSCatalogGroup', GroupID: 1, Role: 2, PrimaryNode: 1, Status: 1, Group: [{ HostName: 'vm', Status: 1, dbpath: '/cat/11800/', Service: svc(11800, 4), NodeID: 1 }] },
  {
    GroupName: 'db1', GroupID: 1000, Role: 0, PrimaryNode: 1000, Status: 1,
    Group: [
      { HostName: 'vm', Status: 1, dbpath: '/d/11820/', Service: svc(11820), NodeID: 1000 },
      { HostName: 'vm', Status: 1, dbpath: '/d/11840/', Service: svc(11840), NodeID: 1002 },
      { HostName: 'vm', Status: 1, dbpath: '/d/11850/', Service: svc(11850), NodeID: 1003 },
    ],
  },
  { GroupName: 'SYSCoord', GroupID: 2, Role: 1, Status: 1, Group: [{ HostName: 'vm', NodeID: 2, Service: svc(11810) }, { HostName: 'vm2', NodeID: 3, Service: svc(11810) }] },
]
const health = (name: string, primary: boolean, lsn: bigint, diff = 0n) => ({
  NodeName: name, IsPrimary: primary, ServiceStatus: true, Status: 'Normal', DataStatus: 'Normal',
  CurrentLSN: { Offset: lsn, Version: 2 }, DiffLSNWithPrimary: diff,
})

describe('topology', () => {
  it('maps groups, roles, service ports, primaries and lag', () => {
    const t = buildTopology('c1', groups, [health('vm:11800', true, 56168n), health('vm:11820', true, 4640n), health('vm:11840', false, 4000n, 640n)], { reachableCoords: ['vm:11810'] })
    expect(t.groups.map((g) => [g.name, g.role, g.status])).toEqual([
      ['SYSCatalogGroup', 'catalog', 'running'],
      ['db1', 'data', 'running'],
      ['SYSCoord', 'coord', 'running'],
    ])
    expect(t.groups[2]!.nodes.map((n) => [n.id, n.status, n.isPrimary])).toEqual([
      ['vm:11810', 'running', false],
      ['vm2:11810', 'unknown', false],
    ])
    const cat = t.groups[0]!.nodes[0]!
    expect(cat).toMatchObject({ id: 'vm:11800', services: { service: 11800, replication: 11801, catalog: 11802, rest: 11803 }, isPrimary: true, lsn: '56168' })
    const db1 = t.groups[1]!
    expect(db1.primaryNodeId).toBe('vm:11820')
    expect(db1.nodes.map((n) => [n.id, n.status, n.lagBehindPrimary])).toEqual([
      ['vm:11820', 'running', '0'],
      ['vm:11840', 'running', '640'],
      ['vm:11850', 'stopped', null],
    ])
  })

  it('reads unreachable nodes from ErrNodes as stopped', () => {
    const t = buildTopology('c1', groups, [health('vm:11820', true, 1n), { ErrNodes: [{ NodeName: 'vm:11840', GroupName: 'db1', Flag: -79 }] }])
    expect(t.groups[1]!.nodes.map((n) => n.status)).toEqual(['running', 'stopped', 'stopped'])
  })

  it('says unknown, not stopped, when health could not be read', () => {
    const t = buildTopology('c1', groups, undefined)
    expect(t.groups[1]!.nodes.every((n) => n.status === 'unknown')).toBe(true)
    expect(t.groups[1]!.nodes[0]!.isPrimary).toBe(true)
  })

  it('previews a stop: primary, majority, lag of the others', () => {
    const t = buildTopology('c1', groups, [health('vm:11820', true, 4640n), health('vm:11840', false, 4000n), health('vm:11850', false, 4640n)])
    const p = findNode(t, 'vm:11820')!
    const impact = stopImpact(p.group, p.node)
    expect(impact).toMatchObject({ isPrimary: true, runningNodes: 3, totalNodes: 3, keepsMajority: true, groupUnavailable: false })
    expect(impact.others).toEqual([
      { id: 'vm:11840', status: 'running', lagBehindPrimary: '640' },
      { id: 'vm:11850', status: 'running', lagBehindPrimary: '0' },
    ])
    expect(impact.warnings.join(' ')).toMatch(/new primary/)

    const t2 = buildTopology('c1', groups, [health('vm:11820', true, 1n), health('vm:11840', false, 1n)])
    const s = findNode(t2, 'vm:11840')!
    expect(stopImpact(s.group, s.node)).toMatchObject({ keepsMajority: false, groupUnavailable: false })
    const cat = findNode(t2, 'vm:11800')!
    expect(stopImpact(cat.group, cat.node).warnings[0]).toMatch(/not running/)
  })

  it('turns database counters into per-second rates', () => {
    const a = databaseTotals({ TotalInsert: 18.0, TotalUpdate: 10.0, TotalDelete: 4.0, TotalRead: 120.0 })
    const b = databaseTotals({ TotalInsert: 38.0, TotalUpdate: 10.0, TotalDelete: 2.0, TotalRead: 220.0 })
    expect(rates(a, b, 2)).toEqual({ insert: 10, update: 0, delete: 0, read: 50 })
  })
})

describe('standalone', () => {
  it('shows a standalone server as one running node', () => {
    const t = standaloneTopology('solo', 'db.local:11810', [health('db.local:11810', true, 99n)])
    expect(t.distributed).toBe(false)
    expect(t.groups).toHaveLength(1)
    expect(t.groups[0]!.nodes[0]).toMatchObject({ id: 'db.local:11810', host: 'db.local', port: 11810, status: 'running', isPrimary: true, lsn: '99' })
  })
})

describe('metrics from $snapshot database', () => {
  // Raw per-node records as a v6 coordinator answers `{RawData: true}` (monDump.cpp field names).
  const rec = (name: string, group: string, insert: number, extra: Record<string, unknown> = {}) => ({
    NodeName: name, GroupName: group, IsPrimary: name.endsWith('20'), TotalInsert: insert, TotalUpdate: 0, TotalDelete: 0, TotalRead: 10,
    ActivateTimestamp: '2026-11-27-10.00.00.000000', ResetTimestamp: '2026-11-27-10.00.00.000000', ...extra,
  })
  const errNodes = (...names: string[]) => ({ ErrNodes: names.map((n) => ({ NodeName: n, GroupName: 'db1', Flag: -79, ErrInfo: {} })) })

  it('reads node records, the trailing ErrNodes record, flat error records and the aggregate', () => {
    const raw = readDatabaseSnapshot([rec('vm:11820', 'db1', 5), rec('vm:11810', 'SYSCoord', 0), errNodes('vm:11840')])
    expect(raw.nodes.map((n) => [n.name, n.group, n.isPrimary, n.totals.insert])).toEqual([['vm:11820', 'db1', true, 5], ['vm:11810', 'SYSCoord', false, 0]])
    expect(raw.down).toEqual([{ name: 'vm:11840', group: 'db1' }])
    expect(raw.aggregate).toBeUndefined()
    const flat = readDatabaseSnapshot([rec('vm:11820', 'db1', 5), { NodeName: 'vm:11840', GroupName: 'db1', Flag: -79, ErrInfo: {} }])
    expect(flat.down).toEqual([{ name: 'vm:11840', group: 'db1' }])
    const agg = readDatabaseSnapshot([{ TotalInsert: 7, TotalRead: 3, ErrNodes: [{ NodeName: 'vm:11840', GroupName: 'db1' }] }])
    expect(agg.nodes).toEqual([])
    expect(agg.aggregate).toEqual({ insert: 7, update: 0, delete: 0, read: 3 })
    expect(agg.down).toHaveLength(1)
  })

  it('gives per-node, per-group and cluster rates; the first answer only sets baselines', () => {
    const t = new MetricsTracker()
    expect(t.sample(readDatabaseSnapshot([rec('vm:11820', 'db1', 100), rec('vm:11840', 'db1', 0), rec('vm:11920', 'db2', 50)]), 0)).toBeUndefined()
    const s = t.sample(readDatabaseSnapshot([rec('vm:11820', 'db1', 300), rec('vm:11840', 'db1', 0), rec('vm:11920', 'db2', 50)]), 2000)!
    expect(s.insert).toBe(100)
    expect(s.totals.insert).toBe(350)
    expect(s.groups).toEqual([
      { name: 'db1', insert: 100, update: 0, delete: 0, read: 0, nodesReporting: 2, nodesDown: 0 },
      { name: 'db2', insert: 0, update: 0, delete: 0, read: 0, nodesReporting: 1, nodesDown: 0 },
    ])
    expect(s.nodes?.find((n) => n.name === 'vm:11820')).toEqual({ name: 'vm:11820', group: 'db1', status: 'up', isPrimary: true, insert: 100, update: 0, delete: 0, read: 0 })
  })

  it('reports a down node as down with null rates, and no spike when it comes back restarted', () => {
    const t = new MetricsTracker()
    t.sample(readDatabaseSnapshot([rec('vm:11820', 'db1', 1_000_000), rec('vm:11840', 'db1', 10)]), 0)
    const down = t.sample(readDatabaseSnapshot([rec('vm:11840', 'db1', 30), errNodes('vm:11820')]), 2000)!
    expect(down.nodes?.find((n) => n.name === 'vm:11820')).toEqual({ name: 'vm:11820', group: 'db1', status: 'down', isPrimary: false, insert: null, update: null, delete: null, read: null })
    expect(down.groups?.[0]).toMatchObject({ insert: 10, nodesDown: 1, nodesReporting: 1 })
    expect(down.insert).toBe(10)
    // Back after a restart: its counters start again (a new ActivateTimestamp) at 40.
    const back = t.sample(readDatabaseSnapshot([rec('vm:11820', 'db1', 40, { ActivateTimestamp: '2026-11-27-10.05.00.000000' }), rec('vm:11840', 'db1', 30)]), 4000)!
    expect(back.nodes?.find((n) => n.name === 'vm:11820')?.insert).toBe(10)
    expect(back.insert).toBe(10)
  })

  it('counts a reset without timestamps (counters went down) from zero, never negative', () => {
    const t = new MetricsTracker()
    const bare = (insert: number) => ({ NodeName: 'h:1', GroupName: 'g', TotalInsert: insert, TotalRead: 0 })
    t.sample(readDatabaseSnapshot([bare(5000)]), 0)
    const s = t.sample(readDatabaseSnapshot([bare(20)]), 1000)!
    expect(s.nodes?.[0]?.insert).toBe(20)
    const next = t.sample(readDatabaseSnapshot([bare(50)]), 2000)!
    expect(next.nodes?.[0]?.insert).toBe(30)
  })

  it('with the aggregate only, restarts the baseline when the unreachable set changes', () => {
    const t = new MetricsTracker()
    const agg = (insert: number, ...down: string[]) => readDatabaseSnapshot([{ TotalInsert: insert, TotalRead: 0, ErrNodes: down.map((n) => ({ NodeName: n, GroupName: 'g' })) }])
    expect(t.sample(agg(100), 0)).toBeUndefined()
    const s = t.sample(agg(300), 2000)!
    expect(s.insert).toBe(100)
    expect(s.groups).toBeUndefined()
    expect(t.sample(agg(50, 'h:2'), 4000)).toBeUndefined()
    // The node comes back with its large counter: not comparable, no sample rather than a spike.
    expect(t.sample(agg(1_000_050), 6000)).toBeUndefined()
    expect(t.sample(agg(1_000_150), 8000)?.insert).toBe(50)
  })

  it('names a standalone record after the topology node', () => {
    const topo = standaloneTopology('s', '127.0.0.1:11810', [])
    const snap = alignStandalone(readDatabaseSnapshot([{ NodeName: 'host-a:11810', GroupName: '', TotalInsert: 1, TotalRead: 0 }]), topo)
    expect(snap.nodes.map((n) => [n.name, n.group])).toEqual([['127.0.0.1:11810', 'standalone']])
  })
})

describe('readDatabaseMetrics', () => {
  const nodeRecord = { NodeName: 'h:11820', GroupName: 'g1', TotalInsert: 1, TotalRead: 0 }

  it('asks with RawData once per poll when the coordinator answers per node', async () => {
    const calls: unknown[] = []
    const port = { snapshot: (_name: string, o?: { condition?: unknown }) => { calls.push(o?.condition); return Promise.resolve([nodeRecord]) } }
    const w = { rawData: undefined as boolean | undefined }
    expect((await readDatabaseMetrics(port, w, {})).nodes).toHaveLength(1)
    expect(calls).toEqual([{ RawData: true }])
    expect(w.rawData).toBe(true)
  })

  it('falls back to the aggregate, and remembers, when the server ignores or refuses RawData', async () => {
    const calls: unknown[] = []
    // An older server treats RawData as a record filter: no record matches.
    const ignoring = { snapshot: (_n: string, o?: { condition?: unknown }) => { calls.push(o?.condition); return Promise.resolve(o?.condition === undefined ? [{ TotalInsert: 3, TotalRead: 0 }] : []) } }
    const w = { rawData: undefined as boolean | undefined }
    expect((await readDatabaseMetrics(ignoring, w, {})).aggregate?.insert).toBe(3)
    await readDatabaseMetrics(ignoring, w, {})
    expect(calls).toEqual([{ RawData: true }, undefined, undefined])
    const refusing = { snapshot: (_n: string, o?: { condition?: unknown }) => (o?.condition === undefined ? Promise.resolve([{ TotalInsert: 4, TotalRead: 0 }]) : Promise.reject(Object.assign(new Error('Invalid Argument'), { name: 'SDB_INVALIDARG', code: -6 }))) }
    const w2 = { rawData: undefined as boolean | undefined }
    expect((await readDatabaseMetrics(refusing, w2, {})).aggregate?.insert).toBe(4)
    expect(w2.rawData).toBe(false)
  })

  it('does not decide from an answer with unreachable nodes only, unless RawData is known to work', async () => {
    const down = { ErrNodes: [{ NodeName: 'h:11830', GroupName: 'g1', Flag: -79 }] }
    const port = { snapshot: (_n: string, o?: { condition?: unknown }) => Promise.resolve(o?.condition === undefined ? [{ TotalInsert: 9, TotalRead: 0, ...down }] : [down]) }
    const unknown = { rawData: undefined as boolean | undefined }
    expect((await readDatabaseMetrics(port, unknown, {})).aggregate?.insert).toBe(9)
    expect(unknown.rawData).toBeUndefined()
    const known = { rawData: true as boolean | undefined }
    const all = await readDatabaseMetrics(port, known, {})
    expect(all.down).toEqual([{ name: 'h:11830', group: 'g1' }])
    expect(all.aggregate).toBeUndefined()
  })
})
