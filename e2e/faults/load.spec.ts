import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { adminUser } from '../support/env.js'
import { freeEmulatorPort, freePort, repoRoot, rssOf, startConsole, startEmulator, type Managed } from '../support/processes.js'

// 200 concurrent API clients (100 on a documents page, 100 on the topology) for
// CANOPY_LOAD_SECONDS (10 s in the test run, 60 s in `npm run bench`).
const seconds = Number(process.env.CANOPY_LOAD_SECONDS ?? 10)
const connections = 200

interface CannonResult {
  requests: { total: number; average: number }
  latency: { p99: number; average: number }
  errors: number
  timeouts: number
  non2xx: number
  '2xx': number
  statusCodeStats?: Record<string, { count: number }>
}

function cannon(args: readonly string[]): Promise<CannonResult> {
  const bin = join(repoRoot, 'node_modules/autocannon/autocannon.js')
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bin, '--json', ...args], { timeout: (seconds + 60) * 1000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`autocannon failed: ${err.message}\n${stderr}`))
      else resolve(JSON.parse(stdout) as CannonResult)
    })
  })
}

test(`${String(connections)} concurrent API clients for ${String(seconds)} s: no errors, bounded memory`, async () => {
  test.setTimeout((seconds + 150) * 1000)
  const dataDir = mkdtempSync(join(tmpdir(), 'canopy-fault-load-'))
  const emulatorDir = mkdtempSync(join(tmpdir(), 'canopy-fault-load-emu-'))
  const port = await freePort()
  const sdbPort = await freeEmulatorPort()
  let server: Managed | undefined
  let emulator: Managed | undefined
  try {
    // The emulator runs in its own process, so the RSS sampled is the console server's alone.
    emulator = await startEmulator(sdbPort, emulatorDir, 120_000, ['--demo=small'])
    server = await startConsole({ CANOPY_DATA_DIR: dataDir, CANOPY_ADMIN_PASSWORD: adminUser.password, SDB_HOSTS: `127.0.0.1:${String(sdbPort)}`, CANOPY_DEMO: 'none' }, port)
    const pid = server.child.pid ?? 0
    const base = `http://127.0.0.1:${String(port)}`
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(adminUser) })
    expect(login.status).toBeLessThan(300)
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const { csrfToken } = (await login.json()) as { csrfToken: string }
    const docsUrl = `${base}/api/clusters/default/collection-spaces/shop/collections/orders/documents/query`
    const page = await fetch(docsUrl, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ limit: 50 }) })
    expect(page.status, await page.clone().text()).toBe(200)

    const rss: number[] = [await rssOf(pid)]
    const sampler = setInterval(() => { void rssOf(pid).then((b) => rss.push(b), () => undefined) }, 1000)
    const common = ['-c', String(connections / 2), '-d', String(seconds), '-t', '30', '-H', `cookie=${cookie}`]
    const [docs, topology] = await Promise.all([
      cannon([...common, '-m', 'POST', '-H', `x-csrf-token=${csrfToken}`, '-H', 'content-type=application/json', '-b', JSON.stringify({ limit: 50 }), docsUrl]),
      cannon([...common, `${base}/api/clusters/default/topology`]),
    ])
    clearInterval(sampler)
    rss.push(await rssOf(pid))

    const mb = (b: number) => Math.round(b / 1024 / 1024)
    const report = { seconds, connections, docs: { total: docs.requests.total, rps: docs.requests.average, p99ms: docs.latency.p99, errors: docs.errors, timeouts: docs.timeouts, status: docs.statusCodeStats }, topology: { total: topology.requests.total, rps: topology.requests.average, p99ms: topology.latency.p99, errors: topology.errors, timeouts: topology.timeouts, status: topology.statusCodeStats }, rssMb: { start: mb(rss[0] ?? 0), peak: mb(Math.max(...rss)), end: mb(rss.at(-1) ?? 0) } }
    console.log(JSON.stringify(report))
    test.info().annotations.push({ type: 'load', description: JSON.stringify(report) })
    for (const r of [docs, topology]) {
      expect(r['2xx']).toBeGreaterThan(0)
      expect(r.errors).toBe(0)
      expect(r.timeouts).toBe(0)
      expect(r.non2xx).toBe(0)
    }
    // Bounded: no runaway growth under a steady load (the peak stays well under 1 GiB, and the
    // last third of the run does not keep climbing over the first third).
    expect(Math.max(...rss)).toBeLessThan(1024 * 1024 * 1024)
    const third = Math.max(1, Math.floor(rss.length / 3))
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(avg(rss.slice(-third))).toBeLessThan(avg(rss.slice(0, third)) * 1.5 + 64 * 1024 * 1024)
    expect(server.child.exitCode).toBeNull()
    // Still serving normally once the load is gone.
    const after = await fetch(`${base}/api/clusters/default/topology`, { headers: { cookie }, signal: AbortSignal.timeout(10_000) })
    expect(after.status).toBe(200)
  } finally {
    await server?.stop()
    await emulator?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(emulatorDir, { recursive: true, force: true })
  }
})
