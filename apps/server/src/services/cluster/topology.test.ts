import { describe, expect, it } from 'vitest'
import { buildTopology, databaseTotals, findNode, rates, standaloneTopology, stopImpact } from './topology.js'

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
