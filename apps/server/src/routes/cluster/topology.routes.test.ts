import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeServicePorts } from '@canopy/sdb-emulator'
import { ClusterEventSchema } from '@canopy/api-contract'
import type { Topology, TopologyGroup } from '@canopy/api-contract'
import { del, post, startClusterTestEnv } from './cluster-test-env.js'
import type { ClusterTestEnv } from './cluster-test-env.js'

let env: ClusterTestEnv
const c = '/api/clusters/embedded'

beforeAll(async () => {
  env = await startClusterTestEnv()
}, 120_000)
afterAll(async () => {
  await env.close()
})

async function topology(): Promise<Topology> {
  const r = await env.viewer.agent.get(`${c}/topology`)
  expect(r.status).toBe(200)
  return r.body as Topology
}

function dataGroup(t: Topology): TopologyGroup {
  return t.groups.find((g) => g.role === 'data')!
}

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('clusters and topology', () => {
  it('answers many concurrent topology requests from one shared read', async () => {
    const all = await Promise.all(Array.from({ length: 40 }, () => env.viewer.agent.get(`${c}/topology`)))
    expect(all.map((r) => r.status)).toEqual(all.map(() => 200))
    expect(new Set(all.map((r) => (r.body as Topology).collectedAt)).size).toBe(1)
    expect(dataGroup(all[0]!.body as Topology).nodes.length).toBeGreaterThan(0)
  })

  it('lists the configured cluster as up', async () => {
    const r = await env.viewer.agent.get('/api/clusters')
    expect(r.body).toEqual([{ id: 'embedded', name: 'Embedded emulator', hosts: [env.emulator.coordAddress], status: 'up' }])
    expect((await env.viewer.agent.get('/api/clusters/nope/topology')).status).toBe(404)
  })

  it('shows groups, roles, primaries, ports and LSNs', async () => {
    const t = await topology()
    expect(t.distributed).toBe(true)
    expect(t.groups.map((g) => g.role).sort()).toEqual(['catalog', 'coord', 'data'])
    const data = dataGroup(t)
    expect(data.nodes).toHaveLength(3)
    expect(data.nodes.every((n) => n.status === 'running' && n.lsn !== null && n.lagBehindPrimary !== null)).toBe(true)
    expect(data.nodes.filter((n) => n.isPrimary)).toHaveLength(1)
    expect(data.primaryNodeId).toBe(data.nodes.find((n) => n.isPrimary)!.id)
    const coord = t.groups.find((g) => g.role === 'coord')!
    expect(coord.nodes.find((n) => n.id === env.emulator.coordAddress)?.status).toBe('running')
    const expected = env.emulator.nodes.filter((n) => n.role === 'data').map((n) => n.address).sort()
    expect(data.nodes.map((n) => n.id).sort()).toEqual(expected)
  })
})

describe('node control', () => {
  it('previews, stops and starts a secondary; previews the primary', async () => {
    const data = dataGroup(await topology())
    const primary = data.nodes.find((n) => n.isPrimary)!
    const secondary = data.nodes.find((n) => !n.isPrimary)!

    const p = await env.viewer.agent.get(`${c}/nodes/${primary.id}/stop-impact`)
    expect(p.status).toBe(200)
    expect(p.body).toMatchObject({ node: primary.id, group: data.name, isPrimary: true, runningNodes: 3, totalNodes: 3, keepsMajority: true, groupUnavailable: false })
    expect(p.body.warnings.join(' ')).toMatch(/primary/)

    expect((await post(env.viewer, `${c}/nodes/${secondary.id}/stop`)).status).toBe(403)
    expect((await post(env.operator, `${c}/nodes/${secondary.id}/stop`)).status).toBe(204)
    const stopped = await waitFor(topology, (t) => dataGroup(t).nodes.find((n) => n.id === secondary.id)?.status === 'stopped')
    expect(dataGroup(stopped).nodes.find((n) => n.id === secondary.id)?.status).toBe('stopped')

    const other = data.nodes.find((n) => !n.isPrimary && n.id !== secondary.id)!
    const impact = await env.viewer.agent.get(`${c}/nodes/${other.id}/stop-impact`)
    expect(impact.body).toMatchObject({ runningNodes: 2, keepsMajority: false })

    expect((await post(env.operator, `${c}/nodes/${secondary.id}/start`)).status).toBe(204)
    const back = await waitFor(topology, (t) => dataGroup(t).nodes.find((n) => n.id === secondary.id)?.status === 'running')
    expect(dataGroup(back).nodes.find((n) => n.id === secondary.id)?.status).toBe('running')

    expect((await post(env.operator, `${c}/nodes/127.0.0.1:1/stop`)).status).toBe(404)
    const audit = env.app.store.audit.list({ limit: 50 }) as { action: string; target: string | null }[]
    expect(audit.some((a) => a.action === 'nodes.stop' && a.target === secondary.id)).toBe(true)
  })

  it('creates a group, adds a node, starts it, removes both', async () => {
    expect((await post(env.operator, `${c}/groups`, { name: 'extra' })).status).toBe(403)
    expect((await post(env.admin, `${c}/groups`, { name: 'extra' })).status).toBe(201)
    const dup = await post(env.admin, `${c}/groups`, { name: 'extra' })
    expect(dup.status).toBe(409)

    // A node owns its port and the next five, so the new one must keep clear of the others.
    const [free] = (await freeServicePorts('127.0.0.1', 1, env.emulator.nodes.map((n) => n.port))) as [number]
    const node = await post(env.admin, `${c}/groups/extra/nodes`, { host: '127.0.0.1', port: free, dbpath: `/tmp/extra/${free}` })
    expect(node.status).toBe(201)
    expect((await post(env.operator, `${c}/groups/extra/start`)).status).toBe(204)
    const t = await waitFor(topology, (x) => x.groups.find((g) => g.name === 'extra')?.status === 'running')
    expect(t.groups.find((g) => g.name === 'extra')).toMatchObject({ role: 'data', status: 'running', nodes: [expect.objectContaining({ id: `127.0.0.1:${free}` })] })
    expect((await post(env.operator, `${c}/groups/extra/stop`)).status).toBe(204)
    expect((await del(env.admin, `${c}/groups/extra`)).status).toBe(204)
    expect((await topology()).groups.some((g) => g.name === 'extra')).toBe(false)
  })
})

describe('event stream', () => {
  it('is documented in the OpenAPI document with the event schema, per-group and per-node rates included', async () => {
    const doc = (await env.viewer.agent.get('/api/openapi.json')).body as { paths: Record<string, { get?: { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> } }> }
    const schema = doc.paths['/api/clusters/{cluster}/events']?.get?.responses?.['200']?.content?.['text/event-stream']?.schema
    expect(schema).toBeDefined()
    const text = JSON.stringify(doc)
    for (const field of ['nodesReporting', 'nodesDown', 'isPrimary']) expect(text).toContain(field)
  })

  it('sends the topology at once, then metrics', async () => {
    const server = env.app.app.listen(0)
    try {
      const { port } = server.address() as AddressInfo
      const cookie = (await env.viewer.agent.get('/api/auth/session')).request.cookies
      const text = await new Promise<string>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: `${c}/events`, headers: { cookie } }, (res) => {
          expect(res.headers['content-type']).toMatch(/text\/event-stream/)
          let buf = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => {
            buf += d
            if (buf.includes('event: topology') && buf.includes('event: metrics')) {
              req.destroy()
              resolve(buf)
            }
          })
        })
        req.on('error', reject)
        setTimeout(() => { req.destroy(); resolve('timeout') }, 12_000)
      })
      const events = text.split('\n\n').filter((b) => b.startsWith('event: ')).map((b) => ClusterEventSchema.parse(JSON.parse(b.split('\ndata: ')[1]!)))
      expect(events[0]?.type).toBe('topology')
      const metrics = events.find((e) => e.type === 'metrics')?.metrics
      // Per group and per node, from one raw database snapshot: the data group and the coordinator.
      expect(metrics?.groups?.map((g) => g.name).sort()).toEqual(['SYSCoord', 'group1'])
      expect(metrics?.nodes?.filter((n) => n.group === 'group1')).toHaveLength(3)
    } finally {
      server.close()
    }
  }, 20_000)
})
