/**
 * Exports under load and failure: they take a slot of their own lane per cluster (a crowd of
 * exports waits its turn, pages are still served), and one that fails after the download began
 * is aborted, logged and audited, so the client can tell it is incomplete.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { Client } from '@canopy/sdb-client'
import { startEmulator } from '@canopy/sdb-emulator'
import type { Emulator } from '@canopy/sdb-emulator'
import { createClusterRegistry } from '../../services/cluster/index.js'
import { createTestApp, signIn } from '../../testing/test-app.js'
import type { SignedIn, TestApp } from '../../testing/test-app.js'
import { post } from './cluster-test-env.js'
import { EXPORTS_PER_CLUSTER } from './documents.routes.js'

const DOCS = 10_000
const exportPath = (format: string) => `/api/clusters/embedded/collection-spaces/x/collections/big/documents/export?format=${format}`
const queryPath = '/api/clusters/embedded/collection-spaces/x/collections/big/documents/query'

let emulator: Emulator
let app: TestApp
let server: http.Server
let port: number
let viewer: SignedIn
let cookie: string
const logLines: string[] = []

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, groups: 1, replicas: 1 })
  const client = await Client.connect({ hosts: [emulator.coordAddress] })
  const cl = await (await client.createCollectionSpace('x')).createCollection('big')
  // ~20 MB of NDJSON: far more than the socket buffers, so a client that stops reading stalls the export.
  const pad = 'p'.repeat(2000)
  for (let from = 0; from < DOCS; from += 1000) await cl.insert(Array.from({ length: 1000 }, (_, i) => ({ _id: from + i, pad })))
  await client.close()
  const registry = createClusterRegistry({ clusters: [{ id: 'embedded', name: 'e', hosts: [emulator.coordAddress] }], retryDelayMs: 100 })
  const logs = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString())
      done()
    },
  })
  app = await createTestApp({ clusters: registry, logger: pino({ level: 'error' }, logs) })
  viewer = await signIn(app.app, 'viewer')
  cookie = (await viewer.agent.get('/api/auth/session')).request.cookies
  server = app.app.listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  port = (server.address() as AddressInfo).port
}, 120_000)

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
  await app.close()
  await emulator.close()
})

/** An export request whose body the test reads at its own pace. */
function startExport(format: string): { req: http.ClientRequest; response: Promise<http.IncomingMessage> } {
  let req!: http.ClientRequest
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    req = http.request({ host: '127.0.0.1', port, method: 'POST', path: exportPath(format), headers: { cookie, 'x-csrf-token': viewer.csrf, 'content-type': 'application/json' } }, resolve)
    req.on('error', reject)
    req.end('{"orderBy":{"_id":1}}')
  })
  return { req, response }
}

/** Reads the first chunk, then stops reading (the server blocks on a full socket). */
async function stall(res: http.IncomingMessage): Promise<void> {
  await new Promise<void>((resolve) => res.once('data', () => { resolve() }))
  res.pause()
}

/**
 * Ends every session the emulator holds (the server's pooled connections among them), as a DBA's
 * `force session` or a network drop would: an export's next getMore then fails.
 */
async function killServerSessions(): Promise<void> {
  const lister = await Client.connect({ hosts: [emulator.coordAddress] })
  const sessions = await lister.list('sessions').toArray()
  await lister.close()
  for (const s of sessions) {
    const killer = await Client.connect({ hosts: [emulator.coordAddress] })
    const id = Number(s.SessionID)
    await killer.forceSession(id).catch(() => undefined)
    await killer.close().catch(() => undefined)
  }
}

/** How a response body ended: 'end' (complete) or 'aborted' (cut before its last chunk). */
function outcome(res: http.IncomingMessage): Promise<{ how: 'end' | 'aborted'; bytes: number }> {
  return new Promise((resolve) => {
    let bytes = 0
    let settled = false
    const done = (how: 'end' | 'aborted') => {
      if (settled) return
      settled = true
      resolve({ how, bytes })
    }
    res.on('data', (d: Buffer) => (bytes += d.length))
    res.on('end', () => { done(res.complete ? 'end' : 'aborted') })
    res.on('aborted', () => { done('aborted') })
    res.on('error', () => { done('aborted') })
    res.on('close', () => { done(res.complete ? 'end' : 'aborted') })
    res.resume()
  })
}

describe('exports', () => {
  it(`stream at most ${String(EXPORTS_PER_CLUSTER)} at once per cluster; the next waits, pages do not`, async () => {
    const running = Array.from({ length: EXPORTS_PER_CLUSTER }, () => startExport('ndjson'))
    const responses = await Promise.all(running.map((e) => e.response))
    for (const res of responses) expect(res.statusCode).toBe(200)
    await Promise.all(responses.map((res) => stall(res)))

    const waiting = startExport('ndjson')
    let answered = false
    void waiting.response.then(() => (answered = true))
    // Interactive pages are not behind the stalled exports.
    const t0 = Date.now()
    const page = await post(viewer, queryPath, { limit: 50 })
    expect(page.status).toBe(200)
    expect(page.body.documents).toHaveLength(50)
    expect(Date.now() - t0).toBeLessThan(5000)
    await new Promise((r) => setTimeout(r, 300))
    expect(answered).toBe(false)

    // One download is cancelled: its slot goes to the waiting export.
    running[0]!.req.destroy()
    const third = await waiting.response
    expect(third.statusCode).toBe(200)
    third.destroy()
    running[1]!.req.destroy()
  }, 60_000)

  for (const format of ['ndjson', 'json', 'csv'] as const) {
    it(`${format}: a failure after the download began aborts it, and is logged and audited`, async () => {
      const { response } = startExport(format)
      const res = await response
      expect(res.statusCode).toBe(200)
      await stall(res)
      const auditBefore = app.store.audit.list({ limit: 1000 }).filter((a) => a.action === 'documents.export' && a.result === 'error').length
      // The connection under the export dies while the download is under way.
      await killServerSessions()
      const result = await outcome(res)
      expect(result.how).toBe('aborted')
      expect(result.bytes).toBeLessThan(DOCS * 2000)
      expect(logLines.some((l) => l.includes('export failed mid-stream') && l.includes(`"format":"${format}"`))).toBe(true)
      const failed = app.store.audit.list({ limit: 1000 }).filter((a) => a.action === 'documents.export' && a.result === 'error')
      expect(failed.length).toBe(auditBefore + 1)
      // The server reconnects: the next export is complete.
      const again = await post(viewer, exportPath(format), { limit: 3 }).buffer(true)
      expect(again.status).toBe(200)
    }, 60_000)
  }
})
