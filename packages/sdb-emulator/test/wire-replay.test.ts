import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { documentKeys, type BsonDocument, type BsonValue } from '@canopy/sdb-client/bson'
import {
  decodeReply,
  decodeRequest,
  encodeRequest,
  HeaderVersion,
  type SdbReply,
  type SdbRequest,
} from '@canopy/sdb-client/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorInternals } from '../src/server/emulator.js'
import { RawClient } from './raw-client.js'

/**
 * Replays every request of the real-cluster capture (`../shared/wire-vectors`) raw over TCP,
 * in both header versions, against a fixture topology shaped like the captured one (two data
 * groups `db1` and `db2` of one node), and compares each reply with the real server's: same
 * opCode, same result code, same document field names. What naturally differs is masked: ids,
 * times, counters, paths, ports and host names are values, never compared; the requests are
 * rewritten to the fixture's host, ports and server-assigned context ids.
 */

interface Exchange {
  readonly direction: 'request' | 'reply'
  readonly opCode: number
  readonly connection: number
  readonly hex: string
  readonly flags?: number
}
interface Operation {
  readonly name: string
  readonly exchanges: readonly Exchange[]
}

const VECTORS = new URL('../../../../shared/wire-vectors/', import.meta.url)
const cluster = JSON.parse(readFileSync(new URL('real-server-cluster-exchanges.json', VECTORS), 'utf8')) as Operation[]

/** Field names of a document that are allowed to differ from the real server's, with why. */
const EXTRA_OR_MISSING_OK: Readonly<Record<string, readonly string[]>> = {
  // The real coord lists ~150 configuration options per node; the emulator reports the ones it has.
  snapshot_configs_with_hint: ['*'],
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      const p = typeof a === 'object' && a !== null ? a.port : 0
      s.close(() => resolve(p))
    })
  })
}

function keysOf(doc: BsonDocument | undefined): string[] {
  return doc === undefined ? [] : [...documentKeys(doc)].sort()
}

function isDoc(v: BsonValue | undefined): v is BsonDocument {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
}

/** Rewrites a captured request for the fixture: host, ports, paths and context ids. */
function rewrite(req: SdbRequest, ports: Map<string, number>, contexts: Map<bigint, bigint>, dir: string): SdbRequest | undefined {
  const fixDoc = (doc: BsonDocument): BsonDocument => {
    const out: BsonDocument = {}
    for (const k of documentKeys(doc)) {
      let v = doc[k]
      if (k === 'HostName' && v === 'vm') v = '127.0.0.1'
      if (k === 'svcname' && typeof v === 'string') v = String(ports.get(v) ?? v)
      if (k === 'dbpath' && typeof v === 'string') v = `${dir}/${v.split('/').pop() ?? 'node'}`
      out[k] = v
    }
    return out
  }
  switch (req.kind) {
    case 'query':
      return { ...req, condition: fixDoc(req.condition) }
    case 'getMore': {
      const id = contexts.get(BigInt(req.contextId))
      return id === undefined ? undefined : { ...req, contextId: id }
    }
    case 'killContexts':
      return { ...req, contextIds: req.contextIds.map((c) => contexts.get(BigInt(c)) ?? BigInt(c)) }
    default:
      return req
  }
}

interface Mismatch {
  readonly op: string
  readonly what: string
}

async function replay(emu: EmulatorInternals, version: HeaderVersion, ports: Map<string, number>): Promise<{ compared: number; skipped: string[]; mismatches: Mismatch[] }> {
  const clients = new Map<number, RawClient>()
  const contexts = new Map<bigint, bigint>()
  const mismatches: Mismatch[] = []
  const skipped: string[] = []
  let compared = 0
  for (const op of cluster) {
    for (let i = 0; i < op.exchanges.length; i += 1) {
      const ex = op.exchanges[i]!
      if (ex.direction !== 'request') continue
      const expected = op.exchanges.slice(i + 1).find((e) => e.connection === ex.connection)
      const realReply = expected?.direction === 'reply' ? expected : undefined
      let c = clients.get(ex.connection)
      if (c === undefined) {
        c = await RawClient.connect(emu.coordAddress, version)
        clients.set(ex.connection, c)
      }
      const bytes = Buffer.from(ex.hex, 'hex')
      if (ex.opCode === -1) {
        c.write(bytes)
        const f = await c.nextFrame()
        compared += 1
        if (f?.length !== 128) mismatches.push({ op: op.name, what: 'sys-info reply is not 128 bytes' })
        continue
      }
      const decoded = decodeRequest(bytes, HeaderVersion.V2)
      const req = rewrite(decoded.request, ports, contexts, '/tmp/canopy-replay')
      if (req === undefined) {
        // The emulator already closed this cursor (it has fewer nodes to gather from).
        skipped.push(`${op.name}: getMore on a context the emulator had closed`)
        continue
      }
      c.write(encodeRequest(req, { headerVersion: version, tid: decoded.header.tid, requestId: decoded.header.requestId }))
      if (realReply === undefined) {
        if (req.kind === 'disconnect') {
          expect(await c.nextFrame()).toBeUndefined()
          clients.delete(ex.connection)
        }
        continue
      }
      const frame = await c.nextFrame()
      if (frame === undefined) {
        mismatches.push({ op: op.name, what: 'connection closed instead of a reply' })
        continue
      }
      const ours = decodeReply(frame, version)
      const real = decodeReply(Buffer.from(realReply.hex, 'hex'), HeaderVersion.V2)
      compared += 1
      compare(op.name, ours.reply, real.reply, ours.header.opCode, real.header.opCode, mismatches)
      if (real.reply.contextId !== -1n && ours.reply.contextId !== -1n) contexts.set(real.reply.contextId, ours.reply.contextId)
    }
  }
  for (const c of clients.values()) c.close()
  return { compared, skipped, mismatches }
}

function compare(op: string, ours: SdbReply, real: SdbReply, ourOp: number, realOp: number, out: Mismatch[]): void {
  if (ourOp !== realOp) out.push({ op, what: `opCode ${String(ourOp)} != ${String(realOp)}` })
  if (ours.flags !== real.flags) {
    out.push({ op, what: `result ${String(ours.flags)} != ${String(real.flags)} ${JSON.stringify(ours.documents[0] ?? {})}` })
    return
  }
  const ok = EXTRA_OR_MISSING_OK[op] ?? []
  if (ok.includes('*')) return
  const a = ours.documents[0]
  const b = real.documents[0]
  if ((a === undefined) !== (b === undefined) && !(real.contextId !== -1n && b === undefined)) {
    out.push({ op, what: `documents: ${String(ours.documents.length)} vs ${String(real.documents.length)}` })
    return
  }
  if (a === undefined || b === undefined) return
  diffKeys(op, '', a, b, ok, out)
}

function diffKeys(op: string, path: string, a: BsonDocument, b: BsonDocument, ok: readonly string[], out: Mismatch[]): void {
  const ka = keysOf(a).filter((k) => !ok.includes(k))
  const kb = keysOf(b).filter((k) => !ok.includes(k))
  const missing = kb.filter((k) => !ka.includes(k))
  const extra = ka.filter((k) => !kb.includes(k))
  if (missing.length > 0 || extra.length > 0) {
    out.push({ op, what: `${path || 'document'}: missing [${missing.join(', ')}] extra [${extra.join(', ')}]` })
  }
  for (const k of ka) {
    const va = a[k]
    const vb = b[k]
    if (isDoc(va) && isDoc(vb)) diffKeys(op, `${path}${k}.`, va, vb, ok, out)
  }
}

describe.each([
  ['V2 (56-byte headers)', HeaderVersion.V2],
  ['V1 (28-byte headers)', HeaderVersion.V1],
])('replay of the real cluster capture over %s', (_label, version) => {
  let emu: EmulatorInternals
  const ports = new Map<string, number>()

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, groupNames: ['db1', 'db2'], replicas: 1 })
    const byGroup = (g: string): number => emu.nodes.find((n) => n.groupName === g)!.port
    ports.set('11810', byGroup('SYSCoord'))
    ports.set('11800', byGroup('SYSCatalogGroup'))
    ports.set('11820', byGroup('db1'))
    ports.set('11830', byGroup('db2'))
    ports.set('11850', await freePort())
    ports.set('11860', await freePort())
  })
  afterAll(async () => {
    await emu.close()
  })

  it('answers every request as the real server did', async () => {
    const result = await replay(emu, version, ports)
    expect(result.mismatches).toEqual([])
    expect(result.compared).toBeGreaterThan(60)
  })
})
