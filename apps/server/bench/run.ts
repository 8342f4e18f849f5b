/**
 * `npm run bench -w @canopy/server`: issue 4's performance targets, measured with autocannon
 * (50 connections) against createApp wired to an emulator beside it:
 * - document pages of 50 from a 1,000,000-document collection, at page 1 and at page 10,000:
 *   p99 <= 100 ms each, and the two within 1.5x of each other (keyset paging);
 * - the topology endpoint.
 *
 * What runs where (three processes, as in production where the cluster is another machine and
 * the browsers are elsewhere):
 * - this process: the server under test, `createApp` exactly as main.ts builds it (helmet,
 *   the request log, audit, the session store over SQLite, CSRF, zod, the FairLimiter, the
 *   driver pool of 20) with an in-memory console store, listening on a loopback port;
 * - `emulator-process.ts` (forked): the emulator, one group with one data node, in memory;
 * - `seed-process.ts` (forked, before the runs): inserts 1,000,000 documents
 *   `{_id: i, name, age, city}` into `bench.docs` through the driver, then exits, so the server
 *   under test starts with a clean heap;
 * - `load-process.ts` (forked): autocannon, 50 connections, each run BENCH_SECONDS long.
 * Every request is the real one: `POST .../documents/query` with the admin's session cookie and
 * CSRF token, `{limit: 50}` for page 1 and `{limit: 50, pageToken}` for page 10,000, the token
 * got by walking the collection through the API; topology is `GET .../topology` with the cookie.
 * The CPU time per request of the server process and of the emulator process is printed beside
 * each run (process.cpuUsage of each, divided by the requests autocannon completed).
 *
 * Each measured run follows an unmeasured warm-up of the same requests (BENCH_WARMUP_SECONDS,
 * default 5): the numbers are the steady state, after the JIT has compiled the request path.
 * BENCH_DOCS (default 1000000) and BENCH_SECONDS (default 10) scale it down for a quick look;
 * BENCH_PROBE=1 also times 1, 5 and 50 concurrent queries before the runs.
 * Exits 1 when a target is missed.
 */
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { loadavg } from 'node:os'
import type autocannon from 'autocannon'
import { pino } from 'pino'
import { createApp } from '../src/app.js'
import { hashPassword } from '../src/services/auth.service.js'
import { createClusterRegistry } from '../src/services/cluster/index.js'
import { openStore } from '../src/store/index.js'

const DOCS = Number(process.env['BENCH_DOCS'] ?? 1_000_000)
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10)
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 5)
const PAGE = 50
const FAR_PAGE = Math.min(10_000, Math.floor(DOCS / PAGE))
const CONNECTIONS = 50
const PASSWORD = 'bench-admin-password'

const log = (msg: string) => process.stdout.write(`${msg}\n`)

/** Forks a bench helper and waits for its first message. */
async function helper(file: string): Promise<{ child: ChildProcess; first: unknown }> {
  const child = fork(new URL(file, import.meta.url), [], { serialization: 'advanced' })
  const first = await new Promise((resolve, reject) => {
    child.once('message', resolve)
    child.once('exit', (code) => { reject(new Error(`${file} exited with ${String(code)} before it was ready`)) })
  })
  return { child, first }
}

/** Loads the documents from a process of its own (seed-process.ts) and waits until it is done. */
async function seed(coordAddress: string): Promise<void> {
  const child = fork(new URL('./seed-process.ts', import.meta.url), [coordAddress, String(DOCS)])
  child.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && 'line' in m && typeof m.line === 'string') log(m.line)
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`loading the documents failed (exit code ${String(code)})`)
}

async function main(): Promise<number> {
  const emulatorProcess = await helper('./emulator-process.ts')
  const emulator = emulatorProcess.first as { coordAddress: string }
  const loader = await helper('./load-process.ts')
  const store = openStore({ file: ':memory:', sessionIdleMs: 3_600_000 })
  const clusters = createClusterRegistry({ clusters: [{ id: 'embedded', name: 'Bench emulator', hosts: [emulator.coordAddress] }] })
  try {
    log(`emulator at ${emulator.coordAddress}; loading ${DOCS} documents into bench.docs ...`)
    await seed(emulator.coordAddress)

    const now = new Date().toISOString()
    store.users.insert({ username: 'admin', passwordHash: await hashPassword(PASSWORD), role: 'admin', createdAt: now, updatedAt: now })
    const app = createApp({ config: { sessionIdleMs: 3_600_000, loginRateLimit: 1000, secureCookie: false }, store, clusters, logger: pino({ level: 'silent' }) })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((r) => server.once('listening', r))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const { csrfToken } = (await login.json()) as { csrfToken: string }
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }
    const queryPath = `${base}/api/clusters/embedded/collection-spaces/bench/collections/docs/documents/query`

    const query = async (pageToken?: string, limit = PAGE) => {
      const res = await fetch(queryPath, { method: 'POST', headers, body: JSON.stringify({ limit, ...(pageToken ? { pageToken } : {}) }) })
      if (res.status !== 200) throw new Error(`query answered ${res.status}: ${await res.text()}`)
      return (await res.json()) as { documents: { _id: unknown }[]; nextPageToken: string | null }
    }
    // A page token belongs to the query (condition, order, selector, hint), not to the page size,
    // so the walk to page N strides 1,000 documents at a time and only the last steps are 50.
    log(`walking to page ${FAR_PAGE} to get its page token ...`)
    let token: string | undefined
    let skipped = 0
    const target = (FAR_PAGE - 1) * PAGE
    while (skipped < target) {
      const step = target - skipped >= 1000 ? 1000 : PAGE
      const page = await query(token, step)
      if (!page.nextPageToken) throw new Error(`the collection ended after ${skipped + page.documents.length} documents`)
      token = page.nextPageToken
      skipped += page.documents.length
    }
    const far = await query(token)
    log(`page ${FAR_PAGE} starts at _id ${JSON.stringify(far.documents[0]?._id)}`)

    if (process.env['BENCH_PROBE']) {
      for (const n of [1, 5, 50]) {
        const t0 = Date.now()
        const results = await Promise.allSettled(Array.from({ length: n }, () => query()))
        log(`probe: ${n} concurrent queries in ${Date.now() - t0} ms, ${results.filter((r) => r.status === 'rejected').length} failed`)
      }
    }
    const cpuPerRequest = new Map<autocannon.Result, { server: number; emulator: number }>()
    const emulatorCpu = () =>
      new Promise<number>((resolve) => {
        emulatorProcess.child.once('message', (m) => {
          const { cpu } = m as { cpu: NodeJS.CpuUsage }
          resolve(cpu.user + cpu.system)
        })
        emulatorProcess.child.send('cpu')
      })
    const load = (duration: number, opts: autocannon.Options) =>
      new Promise<{ result?: autocannon.Result; error?: string; cpuMs?: number }>((resolve) => {
        loader.child.once('message', (m) => { resolve(m as { result?: autocannon.Result; error?: string; cpuMs?: number }) })
        loader.child.send({ connections: CONNECTIONS, duration, ...opts })
      })
    const run = async (title: string, opts: autocannon.Options) => {
      // An unmeasured warm-up of the same requests first: the JIT has compiled the request path and
      // the garbage of the 1,000,000-document load is collected before the clock starts.
      if (WARMUP_SECONDS > 0) await load(WARMUP_SECONDS, opts)
      log(`\n${title}: ${CONNECTIONS} connections, ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`)
      const emulatorBefore = await emulatorCpu()
      const cpu = process.cpuUsage()
      const answer = await load(SECONDS, opts)
      if (!answer.result) throw new Error(`autocannon failed: ${answer.error ?? 'no result'}`)
      const used = process.cpuUsage(cpu)
      const emulatorUsed = (await emulatorCpu()) - emulatorBefore
      const total = Math.max(answer.result.requests.total, 1)
      const perRequest = { server: (used.user + used.system) / 1000 / total, emulator: emulatorUsed / 1000 / total }
      cpuPerRequest.set(answer.result, perRequest)
      log(`  CPU per request: server ${perRequest.server.toFixed(2)} ms, emulator ${perRequest.emulator.toFixed(2)} ms, autocannon ${((answer.cpuMs ?? 0) / total).toFixed(2)} ms`)
      return answer.result
    }
    const page1 = await run('documents page 1', { url: queryPath, method: 'POST', headers, body: JSON.stringify({ limit: PAGE }) })
    const pageFar = await run(`documents page ${FAR_PAGE}`, { url: queryPath, method: 'POST', headers, body: JSON.stringify({ limit: PAGE, pageToken: token }) })
    const topology = await run('topology', { url: `${base}/api/clusters/embedded/topology`, method: 'GET', headers: { cookie } })

    const rows = [
      ['documents page 1', page1],
      [`documents page ${FAR_PAGE}`, pageFar],
      ['topology', topology],
    ] as const
    log('\n| endpoint | req/s | p50 ms | p99 ms | non-2xx | errors | CPU ms/req server | CPU ms/req emulator |')
    log('|---|---|---|---|---|---|---|---|')
    for (const [name, r] of rows) {
      const cpu = cpuPerRequest.get(r)
      log(`| ${name} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx} | ${r.errors + r.timeouts} | ${(cpu?.server ?? 0).toFixed(2)} | ${(cpu?.emulator ?? 0).toFixed(2)} |`)
    }

    const ratio = pageFar.latency.p50 / Math.max(page1.latency.p50, 0.001)
    const done = (r: autocannon.Result) => r.requests.total > 0 && r['2xx'] > 0
    const checks: [string, boolean][] = [
      ['every run completed requests', rows.every(([, r]) => done(r))],
      [`page 1 p99 ${page1.latency.p99} ms <= 100 ms`, done(page1) && page1.latency.p99 <= 100],
      [`page ${FAR_PAGE} p99 ${pageFar.latency.p99} ms <= 100 ms`, done(pageFar) && pageFar.latency.p99 <= 100],
      [`page ${FAR_PAGE} / page 1 median latency ${ratio.toFixed(2)}x <= 1.5x`, done(page1) && done(pageFar) && ratio <= 1.5],
      ['no errors or non-2xx answers', rows.every(([, r]) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0)],
    ]
    log('')
    for (const [text, ok] of checks) log(`${ok ? 'PASS' : 'FAIL'} ${text}`)
    await new Promise((r) => server.close(r))
    server.closeAllConnections()
    return checks.every(([, ok]) => ok) ? 0 : 1
  } finally {
    await clusters.close()
    store.close()
    loader.child.disconnect()
    emulatorProcess.child.disconnect()
    await new Promise((r) => emulatorProcess.child.once('exit', r))
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exit(1)
  },
)
