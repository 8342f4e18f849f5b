import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { documentKeys, type BsonDocument, type BsonValue } from '@canopy/sdb-client/bson'
import {
  decodeReply,
  decodeRequest,
  detectHeaderVersion,
  encodeRequest,
  HeaderVersion,
  type SdbReply,
  type SdbRequest,
} from '@canopy/sdb-client/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeServicePorts, startEmulator, type EmulatorInternals } from '../src/server/emulator.js'
import { clientProof } from '../src/server/scram.js'
import { RawClient } from './raw-client.js'

/**
 * Replays every request of the real-server captures (`../shared/wire-vectors`) raw over TCP, in
 * both header versions, against a fixture topology shaped like the captured cluster (two data
 * groups `db1` and `db2` of one node), and compares each reply with the real server's: same
 * opCode, same result code, same document field names. What naturally differs is masked: ids,
 * times, counters, paths, ports and host names are values, never compared; the requests are
 * rewritten to the fixture's host, ports, server-assigned context ids and SCRAM nonces.
 *
 * The standalone capture comes from a single standalone node, which refuses cluster commands
 * (-159) and answers snapshots per node; against the emulated cluster its replay compares opCode
 * and result code, except for those cluster-only refusals.
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
const load = (file: string): Operation[] => JSON.parse(readFileSync(new URL(file, VECTORS), 'utf8')) as Operation[]

/** Field names of a document that are allowed to differ from the real server's, with why. */
const EXTRA_OR_MISSING_OK: Readonly<Record<string, readonly string[]>> = {}

function keysOf(doc: BsonDocument | undefined): string[] {
  return doc === undefined ? [] : [...documentKeys(doc)].sort()
}

/** The BSON type of a decoded value (class name, or the JS type for strings and booleans). */
function bsonType(v: BsonValue): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'object') return isDoc(v) ? 'object' : v.constructor.name
  return typeof v
}

function isDoc(v: BsonValue | undefined): v is BsonDocument {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
}

/** Per-connection SCRAM state: our step-1 answer, to recompute the client proof of step 2. */
interface ScramState {
  salt: string
  iterationCount: number
  nonce: string
}

/** Rewrites a captured request for the fixture: host, ports, paths, context ids, SCRAM proofs. */
function rewrite(
  req: SdbRequest,
  ports: Map<string, number>,
  contexts: Map<bigint, bigint>,
  dir: string,
  scram: ScramState | undefined,
  password: string,
): SdbRequest | undefined {
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
    case 'lob': {
      const id = contexts.get(BigInt(req.contextId))
      return id === undefined ? req : { ...req, contextId: id }
    }
    case 'auth': {
      if (req.opCode !== 7003 || Number(req.document.Step) !== 2 || scram === undefined) return req
      const user = req.document.User as string
      const identify = req.document.Identify as string
      const { proof } = clientProof(createHash('md5').update(password).digest('hex'), scram, { user, nonce: scram.nonce, identify })
      return { ...req, document: { ...req.document, Nonce: scram.nonce, Proof: proof } }
    }
    default:
      return req
  }
}

interface Mismatch {
  readonly op: string
  readonly what: string
}

/** How one capture file is replayed. */
interface ReplayPlan {
  readonly operations: readonly Operation[]
  /** Compare document field names (false for the standalone capture, see above). */
  readonly fields: boolean
  /** Result codes of the real server that only a standalone node gives. */
  readonly standaloneOnly?: readonly number[]
  /** Password the client of an operation used (SCRAM capture). */
  readonly passwordOf?: (op: string) => string
}

async function replay(
  emu: EmulatorInternals,
  version: HeaderVersion,
  ports: Map<string, number>,
  plan: ReplayPlan,
): Promise<{ compared: number; skipped: string[]; mismatches: Mismatch[] }> {
  const clients = new Map<number, RawClient>()
  const scram = new Map<number, ScramState>()
  const contexts = new Map<bigint, bigint>()
  const mismatches: Mismatch[] = []
  const skipped: string[] = []
  let compared = 0
  for (const op of plan.operations) {
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
      const decoded = decodeRequest(bytes, detectHeaderVersion(bytes))
      const req = rewrite(decoded.request, ports, contexts, '/tmp/canopy-replay', scram.get(ex.connection), plan.passwordOf?.(op.name) ?? '')
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
      const realBytes = Buffer.from(realReply.hex, 'hex')
      const real = decodeReply(realBytes, decoded.header.headerVersion)
      const step1 = ours.reply.documents[0]
      if (req.kind === 'auth' && req.opCode === 7003 && step1 !== undefined && Number(step1.Step) === 1) {
        scram.set(ex.connection, { salt: step1.Salt as string, iterationCount: Number(step1.IterationCount), nonce: step1.Nonce as string })
      }
      compared += 1
      if (version === HeaderVersion.V2 && decoded.header.headerVersion === HeaderVersion.V2 && plan.fields) {
        // A coordinator's reply header carries zero routeID and globalID, version 2, flags 0.
        const h = ours.header
        if (h.routeId !== real.header.routeId || !h.globalId.equals(real.header.globalId) || h.version !== 2 || h.headerFlags !== 0) {
          mismatches.push({ op: op.name, what: `reply header routeID ${String(h.routeId)} globalID ${h.globalId.toString('hex')}` })
        }
        if (h.tid !== decoded.header.tid || h.requestId !== decoded.header.requestId) mismatches.push({ op: op.name, what: 'TID/requestID not echoed' })
      }
      if (plan.standaloneOnly?.includes(real.reply.flags) === true) {
        skipped.push(`${op.name}: the real standalone node answered ${String(real.reply.flags)}`)
      } else if (plan.fields) {
        compare(op.name, ours.reply, real.reply, ours.header.opCode, real.header.opCode, mismatches)
      } else {
        compare(op.name, ours.reply, { ...real.reply, documents: [] }, ours.header.opCode, real.header.opCode, mismatches, false)
      }
      if (real.reply.contextId !== -1n && ours.reply.contextId !== -1n) contexts.set(real.reply.contextId, ours.reply.contextId)
    }
  }
  for (const c of clients.values()) c.close()
  return { compared, skipped, mismatches }
}

function compare(op: string, ours: SdbReply, real: SdbReply, ourOp: number, realOp: number, out: Mismatch[], fields = true): void {
  if (ourOp !== realOp) out.push({ op, what: `opCode ${String(ourOp)} != ${String(realOp)}` })
  if (ours.flags !== real.flags) {
    out.push({ op, what: `result ${String(ours.flags)} != ${String(real.flags)} ${JSON.stringify(ours.documents[0] ?? {})}` })
    return
  }
  if (!fields) return
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
    if (vb !== undefined && va !== undefined && bsonType(va) !== bsonType(vb)) {
      out.push({ op, what: `${path}${k}: type ${bsonType(va)} != ${bsonType(vb)}` })
    }
    if (isDoc(va) && isDoc(vb)) diffKeys(op, `${path}${k}.`, va, vb, ok, out)
    if (Array.isArray(va) && Array.isArray(vb) && isDoc(va[0]) && isDoc(vb[0])) diffKeys(op, `${path}${k}[0].`, va[0], vb[0], ok, out)
  }
}

const PLANS: Readonly<Record<string, ReplayPlan>> = {
  'real cluster (C driver)': { operations: load('real-server-cluster-exchanges.json'), fields: true },
  'legacy Node.js driver (V1)': { operations: load('real-server-v1-exchanges.json'), fields: true },
  'LOBs (legacy Node.js driver)': { operations: load('real-server-lob-exchanges.json'), fields: true },
  'SCRAM-SHA256 login (Python driver)': {
    operations: load('real-server-scram-exchanges.json'),
    fields: true,
    passwordOf: (op) => (op.includes('wrong') ? 'wrongpass' : 'admin'),
  },
  'standalone node (C driver)': { operations: load('real-server-standalone-exchanges.json'), fields: false, standaloneOnly: [-159, -166] },
}

describe.each(
  Object.keys(PLANS).flatMap((file) => [
    [file, 'V2', HeaderVersion.V2],
    [file, 'V1', HeaderVersion.V1],
  ] as const),
)('replay of the %s capture with %s headers', (file, _label, version) => {
  let emu: EmulatorInternals
  const ports = new Map<string, number>()
  const plan = PLANS[file]!

  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      groupNames: ['db1', 'db2'],
      replicas: 1,
      ...(file.startsWith('SCRAM') ? { users: [{ user: 'admin', password: 'admin' }] } : {}),
    })
    const byGroup = (g: string): number => emu.nodes.find((n) => n.groupName === g)!.port
    ports.set('11810', byGroup('SYSCoord'))
    ports.set('11800', byGroup('SYSCatalogGroup'))
    ports.set('11820', byGroup('db1'))
    ports.set('11830', byGroup('db2'))
    // The nodes the capture creates need ports clear of every running node's range.
    const [a, b] = await freeServicePorts('127.0.0.1', 2, emu.nodes.map((n) => n.port))
    ports.set('11850', a!)
    ports.set('11860', b!)
  })
  afterAll(async () => {
    await emu.close()
  })

  it('answers every request as the real server did', async () => {
    const result = await replay(emu, version, ports, plan)
    expect(result.mismatches).toEqual([])
    expect(result.compared).toBeGreaterThan(plan.operations.length / 2)
  })
})

interface DriverVector {
  readonly name: string
  readonly requests: readonly { readonly hex: string; readonly opCode: number; readonly connection: number }[]
}

describe.each([
  ['V2', HeaderVersion.V2],
  ['V1', HeaderVersion.V1],
] as const)('the C driver request vectors with %s headers', (_label, version) => {
  it('are all accepted and answered with the matching reply opCode', async () => {
    const vectors = JSON.parse(readFileSync(new URL('c-driver-requests.json', VECTORS), 'utf8')) as DriverVector[]
    const emu = await startEmulator({ port: 0, groupNames: ['db1', 'db2'], replicas: 1 })
    const clients = new Map<number, RawClient>()
    const failures: string[] = []
    try {
      for (const v of vectors) {
        for (const r of v.requests) {
          let c = clients.get(r.connection)
          if (c === undefined || c.closed) {
            c = await RawClient.connect(emu.coordAddress, version)
            clients.set(r.connection, c)
          }
          const bytes = Buffer.from(r.hex, 'hex')
          if (r.opCode === -1) {
            c.write(bytes)
            if ((await c.nextFrame())?.length !== 128) failures.push(`${v.name}: sys-info`)
            continue
          }
          const decoded = decodeRequest(bytes, HeaderVersion.V2)
          const req = decoded.request.kind === 'query' && decoded.request.condition.HostName === 'localhost'
            ? { ...decoded.request, condition: { ...decoded.request.condition, HostName: '127.0.0.1' } }
            : decoded.request
          c.write(encodeRequest(req, { headerVersion: version }))
          if (r.opCode === 2008 || r.opCode === 2009) continue
          const frame = await c.nextFrame()
          if (frame === undefined) {
            failures.push(`${v.name}: connection closed`)
            continue
          }
          const reply = decodeReply(frame, version)
          if ((reply.header.opCode & 0x7fffffff) !== r.opCode) failures.push(`${v.name}: reply opCode ${String(reply.header.opCode)}`)
        }
      }
    } finally {
      for (const c of clients.values()) c.close()
      await emu.close()
    }
    expect(failures).toEqual([])
  })
})
