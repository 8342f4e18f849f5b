import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmulator } from '@canopy/sdb-emulator'
import type { Emulator } from '@canopy/sdb-emulator'
import { createClusterRegistry } from '../../services/cluster/index.js'
import { createTestApp, signIn } from '../../testing/test-app.js'
import type { TestApp } from '../../testing/test-app.js'
import { post } from './cluster-test-env.js'

const dir = mkdtempSync(join(tmpdir(), 'canopy-resilience-'))
let emu: Emulator | undefined
let app: TestApp | undefined

afterAll(async () => {
  await app?.close()
  await emu?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 250))
  }
}

describe('cluster outage', () => {
  it('answers 503 CLUSTER_UNAVAILABLE while the cluster is down and recovers by itself after a restart', async () => {
    emu = await startEmulator({ port: 0, groups: 1, replicas: 1, dataDir: dir })
    const address = emu.coordAddress
    const port = Number(address.split(':').at(-1))
    app = await createTestApp({ clusters: createClusterRegistry({ clusters: [{ id: 'embedded', name: 'Embedded', hosts: [address] }], retryDelayMs: 100, healthTimeoutMs: 1000 }) })
    const admin = await signIn(app.app, 'admin')
    expect((await post(admin, '/api/clusters/embedded/collection-spaces', { name: 'keep' })).status).toBe(201)

    // Watch the event stream through the outage.
    const server = app.app.listen(0)
    const events: { type: string; status?: string }[] = []
    const cookie = (await admin.agent.get('/api/auth/session')).request.cookies
    const sse = http.get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/api/clusters/embedded/events', headers: { cookie } }, (res) => {
      let buf = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => {
        buf += d
        const blocks = buf.split('\n\n')
        buf = blocks.pop() ?? ''
        for (const b of blocks) {
          const data = b.split('\n').find((l) => l.startsWith('data: '))
          if (data) events.push(JSON.parse(data.slice(6)) as { type: string; status?: string })
        }
      })
    })
    sse.on('error', () => undefined)
    await until(() => Promise.resolve(events.length), (n) => n > 0)
    expect(events[0]?.type).toBe('topology')

    await emu.close()
    emu = undefined
    const down = await admin.agent.get('/api/clusters/embedded/collection-spaces')
    expect(down.status).toBe(503)
    expect(down.body.code).toBe('CLUSTER_UNAVAILABLE')
    const listed = await admin.agent.get('/api/clusters')
    expect(listed.body[0]).toMatchObject({ id: 'embedded', status: 'down', error: { code: 'CLUSTER_UNAVAILABLE' } })
    expect((await admin.agent.get('/api/auth/session')).status).toBe(200)

    const sawDown = await until(() => Promise.resolve(events.some((e) => e.type === 'status' && e.status === 'down')), (v) => v)
    expect(sawDown).toBe(true)

    emu = await startEmulator({ port, groups: 1, replicas: 1, dataDir: dir })
    const back = await until(() => admin.agent.get('/api/clusters/embedded/collection-spaces'), (r) => r.status === 200)
    expect(back.status).toBe(200)
    expect(back.body.map((c: { name: string }) => c.name)).toContain('keep')
    expect((await admin.agent.get('/api/clusters')).body[0].status).toBe('up')

    await until(() => Promise.resolve(events.filter((e) => e.type === 'status').map((e) => e.status).join()), (s) => s === 'down,up')
    expect(events.filter((e) => e.type === 'status').map((e) => e.status)).toEqual(['down', 'up'])
    sse.destroy()
    server.close()
  }, 90_000)
})
