import { readFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type BsonDocument, Int32 } from '../bson.js'
import { SdbNetworkError, SdbProtocolError, SdbServerError, SdbTimeoutError } from '../errors.js'
import {
  decodeRequest,
  encodeReply,
  encodeSysInfoReply,
  FrameDecoder,
  HeaderVersion,
  type MessageHeader,
  OpCode,
  type SdbReplyInit,
  type SdbRequest,
} from '../protocol/index.js'
import { Connection } from './connection.js'
import {
  md5Hex,
  scramAuthMessage,
  scramClientProof,
  scramKeys,
  scramSaltedPassword,
  scramServerProof,
  scramVerifyClientProof,
} from './scram.js'

const cVectors = JSON.parse(
  readFileSync(new URL('../../../../../shared/wire-vectors/c-driver-requests.json', import.meta.url), 'utf8'),
) as { name: string; requests: { hex: string; opCode: number }[] }[]

function cVector(name: string, opCode: number): Buffer {
  const hex = cVectors.find((v) => v.name === name)?.requests.find((r) => r.opCode === opCode)?.hex
  if (hex === undefined) throw new Error(`no vector ${name}/${String(opCode)}`)
  return Buffer.from(hex, 'hex')
}

function str(v: unknown): string {
  if (typeof v !== 'string') throw new Error(`expected a string, got ${typeof v}`)
  return v
}

// --- a scripted fake server ------------------------------------------------------------------

interface Received {
  readonly header: MessageHeader
  readonly request: SdbRequest
  readonly bytes: Buffer
}

type Answer = SdbReplyInit | 'silence' | 'close' | { readonly raw: Buffer }

interface FakeOptions {
  readonly authVersion?: number
  readonly legacy?: boolean
  readonly bigEndian?: boolean
  readonly noSysInfoReply?: boolean
  /** Ignore disconnect instead of closing (a misbehaving peer). */
  readonly ignoreDisconnect?: boolean
  /** Decides the answer to each request (disconnect and interrupt are never answered). */
  readonly answer?: (r: Received, session: Received[]) => Answer | Promise<Answer>
}

interface Fake {
  readonly port: number
  readonly received: Received[]
  readonly sockets: Socket[]
  close(): Promise<void>
}

const servers: Fake[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function fakeServer(options: FakeOptions = {}): Promise<Fake> {
  const received: Received[] = []
  const sockets: Socket[] = []
  const server: Server = createServer((socket) => {
    sockets.push(socket)
    const decoder = new FrameDecoder({ side: 'server' })
    const session: Received[] = []
    let version: HeaderVersion | undefined
    let chain = Promise.resolve()
    socket.on('error', () => undefined)
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        chain = chain.then(async () => {
          if (frame.kind === 'sysInfo') {
            if (options.noSysInfoReply === true) return
            const reply = encodeSysInfoReply(
              { osType: 3, authVersion: options.authVersion ?? 1, dbStartTime: 1700000000n, version: 6, subVersion: 0, fixVersion: 0, globalId: Buffer.alloc(16) },
              { legacy: options.legacy ?? false },
            )
            if (options.bigEndian === true) reply.writeUInt32BE(0xfffefdfc, 4)
            socket.write(reply)
            return
          }
          version ??= frame.bytes.readInt32LE(4) === 0 ? HeaderVersion.V2 : HeaderVersion.V1
          const { header, request } = decodeRequest(frame.bytes, version)
          const r = { header, request, bytes: frame.bytes }
          received.push(r)
          session.push(r)
          if (request.kind === 'disconnect') {
            if (options.ignoreDisconnect !== true) socket.end()
            return
          }
          if (request.kind === 'interrupt' || request.kind === 'interruptSelf') return
          const answer = options.answer === undefined ? defaultAnswer(r) : await options.answer(r, session)
          if (answer === 'silence') return
          if (answer === 'close') {
            socket.destroy()
            return
          }
          const bytes =
            'raw' in answer
              ? answer.raw
              : encodeReply(answer, { headerVersion: version, requestId: header.requestId, tid: header.tid })
          socket.write(bytes)
        })
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const fake: Fake = {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    received,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => {
          resolve()
        })
      }),
  }
  servers.push(fake)
  return fake
}

function opOf(r: Received): number {
  return r.header.opCode
}

/** Success for every request, and an empty step 1 for SCRAM (a server without users). */
function defaultAnswer(r: Received): SdbReplyInit {
  return { opCode: opOf(r) }
}

// The user of the real-server SCRAM capture: admin / admin, with the contract §9.3 salt.
const SALT = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw=='
const SERVER_NONCE = 'yMnKy8zNzs/Q0dLT1NXW19jZ2tvc3d7f'

function scramServer(password: string, tamperProof = false): FakeOptions['answer'] {
  return async (r) => {
    if (r.request.kind !== 'auth' || r.request.opCode !== OpCode.AUTH_VERIFY1) return { opCode: opOf(r) }
    const doc = r.request.document
    if ((doc['Step'] as Int32).value === 1) {
      return {
        opCode: opOf(r),
        documents: [{ Step: new Int32(1), IterationCount: new Int32(15000), Salt: SALT, Nonce: `${str(doc['Nonce'])}${SERVER_NONCE}` }],
      }
    }
    const keys = scramKeys(await scramSaltedPassword(md5Hex(password), SALT, 15000))
    const authMessage = scramAuthMessage({
      user: str(doc['User']),
      combinedNonce: str(doc['Nonce']),
      iterationCount: 15000,
      salt: SALT,
      identify: str(doc['Identify']),
    })
    if (!scramVerifyClientProof(keys.storedKey, authMessage, str(doc['Proof']))) {
      return {
        opCode: opOf(r),
        flags: -179,
        documents: [{ errno: new Int32(-179), description: 'Authority is forbidden', detail: 'Username or passwd is wrong' }],
      }
    }
    const proof = tamperProof ? scramServerProof(Buffer.alloc(32), authMessage) : scramServerProof(keys.serverKey, authMessage)
    return {
      opCode: opOf(r),
      documents: [{ User: str(doc['User']), Roles: [], Options: {}, Step: new Int32(2), Proof: proof }],
    }
  }
}

const connectTo = (fake: Fake, extra: Partial<Parameters<typeof Connection.connect>[0]> = {}): Promise<Connection> =>
  Connection.connect({ host: '127.0.0.1', port: fake.port, connectTimeoutMs: 5000, ...extra })

const query = (name = 'cs.cl'): SdbRequest => ({
  kind: 'query',
  flags: 0,
  name,
  numToSkip: 0,
  numToReturn: -1,
  condition: {},
  selector: {},
  orderBy: {},
  hint: {},
})

// --- tests -----------------------------------------------------------------------------------

describe('SCRAM-SHA256 math (contract §9.3 test vector)', () => {
  it('derives the keys and proofs of the vector', async () => {
    expect(md5Hex('admin')).toBe('21232f297a57a5a743894a0e4a801fc3')
    const salted = await scramSaltedPassword(md5Hex('admin'), SALT, 15000)
    expect(salted.toString('hex')).toBe('f8910be89cf8c86580a509f2c502e8962fdb3fbabc895add3bfd4a7c976a986f')
    const keys = scramKeys(salted)
    expect(keys.storedKey.toString('base64')).toBe('j9yCCNd5orjc4Z3YL31c2+3CdMepbowlcF/CHjtPWlI=')
    expect(keys.serverKey.toString('base64')).toBe('GCcT5Dvt24/Dbgv51sGQPD8lnQbdVH+lY6y7wWTGxxY=')
    const combinedNonce = `ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7${SERVER_NONCE}`
    const authMessage = scramAuthMessage({ user: 'admin', combinedNonce, iterationCount: 15000, salt: SALT, identify: 'Java_Session' })
    expect(authMessage).toBe(
      'User:admin,Nonce:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7,IterationCount:15000,Salt:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==,' +
        `Nonce:${combinedNonce},Identify:Java_Session,Nonce:${combinedNonce}`,
    )
    const proof = scramClientProof(keys, authMessage)
    expect(proof).toBe('0MIpVLmVgdLGfMdL68H8E1w8ZBEtIWaK6M91aHJ/aNI=')
    expect(scramServerProof(keys.serverKey, authMessage)).toBe('vjxoFvR4KyK6WnuvDle0W5mUe8knvdyigKENUT7bvdk=')
    expect(scramVerifyClientProof(keys.storedKey, authMessage, proof)).toBe(true)
    expect(scramVerifyClientProof(keys.storedKey, authMessage, scramServerProof(keys.serverKey, authMessage))).toBe(false)
  })
})

describe('Connection.connect', () => {
  it('logs in with SCRAM-SHA256 in two steps shaped like the real capture', async () => {
    const fake = await fakeServer({ answer: scramServer('admin') })
    const conn = await connectTo(fake, { user: 'admin', password: 'admin' })
    expect(conn.protocolVersion).toBe(2)
    expect(conn.serverInfo.authVersion).toBe(1)
    expect(conn.serverInfo.version).toBe(6)
    const [step1, step2] = fake.received
    expect(step1?.header.opCode).toBe(7003)
    expect(step1?.header.headerFlags).toBe(0)
    const d1 = step1?.request.kind === 'auth' ? step1.request.document : {}
    expect(Object.keys(d1)).toEqual(['Step', 'User', 'Nonce', 'Type'])
    expect([d1['Step'], d1['Type']]).toEqual([new Int32(1), new Int32(0)])
    expect(str(d1['Nonce'])).toMatch(/^[A-Za-z0-9+/]{32}$/)
    // Step 1 is byte for byte the official (C++-based) Python driver's, but TID, requestID,
    // the stale reserve bytes and the random nonce.
    const captured = JSON.parse(
      readFileSync(new URL('../../../../../shared/wire-vectors/real-server-scram-exchanges.json', import.meta.url), 'utf8'),
    ) as { exchanges: { direction: string; opCode: number; hex: string }[] }[]
    const theirs = Buffer.from(captured[0]?.exchanges.find((e) => e.opCode === 7003)?.hex ?? '', 'hex')
    const ours = Buffer.from(step1?.bytes ?? Buffer.alloc(0))
    const blank = (b: Buffer, nonce: string): string => {
      const copy = Buffer.from(b).fill(0, 8, 12).fill(0, 20, 28).fill(0, 52, 56)
      const at = copy.indexOf(Buffer.from(nonce))
      expect(at).toBeGreaterThan(56)
      return copy.fill(0, at, at + 32).toString('hex')
    }
    const decoded = decodeRequest(theirs).request
    const theirNonce = decoded.kind === 'auth' ? str(decoded.document['Nonce']) : ''
    expect(blank(ours, str(d1['Nonce']))).toBe(blank(theirs, theirNonce))
    const d2 = step2?.request.kind === 'auth' ? step2.request.document : {}
    expect(Object.keys(d2)).toEqual(['Step', 'User', 'Nonce', 'Identify', 'Proof', 'Type'])
    expect(str(d2['Proof'])).toHaveLength(44)
    await conn.close()
  })

  it('refuses a wrong password with -179 and says goodbye with a disconnect', async () => {
    const fake = await fakeServer({ answer: scramServer('admin') })
    const error: unknown = await connectTo(fake, { user: 'admin', password: 'nope' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SdbServerError)
    expect(error).toMatchObject({ code: -179, name: 'SDB_AUTH_AUTHORITY_FORBIDDEN', detail: 'Username or passwd is wrong' })
    await expect.poll(() => fake.received.map((r) => r.header.opCode)).toEqual([7003, 7003, 2008])
  })

  it('refuses a server whose proof does not match', async () => {
    const fake = await fakeServer({ answer: scramServer('admin', true) })
    await expect(connectTo(fake, { user: 'admin', password: 'admin' })).rejects.toMatchObject({ code: -179 })
  })

  it('succeeds without credentials on a server without users (empty step 1)', async () => {
    const fake = await fakeServer()
    const conn = await connectTo(fake)
    expect(fake.received.map((r) => r.header.opCode)).toEqual([7003])
    await conn.close()
  })

  it('falls back to MD5 when step 1 is answered -100, sending the C driver bytes', async () => {
    const cMd5 = cVector('connect_no_auth', 7000)
    const fake = await fakeServer({
      answer: (r) => (opOf(r) === 7003 ? { opCode: 7003, flags: -100, documents: [{ errno: new Int32(-100), description: 'Unknown message is received', detail: '' }] } : { opCode: opOf(r) }),
    })
    const conn = await connectTo(fake)
    const md5 = fake.received[1]
    expect(md5?.header.opCode).toBe(7000)
    const ours = Buffer.from(md5?.bytes ?? Buffer.alloc(0))
    // TID (8..11) and requestID (20..27) are the only bytes that may differ.
    ours.fill(0, 8, 12).fill(0, 20, 28)
    const theirs = Buffer.from(cMd5).fill(0, 8, 12).fill(0, 20, 28)
    expect(ours.toString('hex')).toBe(theirs.toString('hex'))
    await conn.close()
  })

  it('uses MD5 directly when the server announces authVersion 0', async () => {
    const fake = await fakeServer({ authVersion: 0 })
    const conn = await connectTo(fake, { user: 'admin', password: 'admin' })
    const [only] = fake.received
    expect(only?.request).toMatchObject({ kind: 'auth', opCode: 7000, document: { User: 'admin', Passwd: '21232f297a57a5a743894a0e4a801fc3' } })
    // Byte for byte what the C driver's sdbConnect(host, port, "admin", "admin") sends, but TID and requestID.
    const cAdmin = cVector('connect_auth_admin', 7000)
    const ours = Buffer.from(only?.bytes ?? Buffer.alloc(0)).fill(0, 8, 12).fill(0, 20, 28)
    expect(ours.toString('hex')).toBe(cAdmin.fill(0, 8, 12).fill(0, 20, 28).toString('hex'))
    await conn.close()
  })

  it('switches to V1 framing when the fingerprint does not match (old server)', async () => {
    const fake = await fakeServer({ legacy: true, authVersion: 0 })
    const conn = await connectTo(fake)
    expect(conn.protocolVersion).toBe(1)
    const reply = await conn.request(query())
    expect(reply.flags).toBe(0)
    expect(fake.received.map((r) => [r.header.headerVersion, r.header.opCode])).toEqual([
      [1, 7000],
      [1, 2004],
    ])
    expect(fake.received[0]?.bytes.readInt32LE(4)).toBe(7000)
    await conn.close()
  })

  it('refuses a big-endian server clearly', async () => {
    const fake = await fakeServer({ bigEndian: true })
    await expect(connectTo(fake)).rejects.toThrow(/big-endian/)
  })

  it('fails with SdbNetworkError -79 when nothing listens', async () => {
    const fake = await fakeServer()
    const port = fake.port
    await fake.close()
    servers.length = 0
    await expect(Connection.connect({ host: '127.0.0.1', port, connectTimeoutMs: 2000 })).rejects.toMatchObject({
      name: 'SdbNetworkError',
      code: -79,
    })
  })

  it('times out when the server never answers the probe, and honours an abort', async () => {
    const fake = await fakeServer({ noSysInfoReply: true })
    await expect(connectTo(fake, { connectTimeoutMs: 150 })).rejects.toBeInstanceOf(SdbTimeoutError)
    const controller = new AbortController()
    const pending = connectTo(fake, { signal: controller.signal })
    setTimeout(() => {
      controller.abort()
    }, 50)
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })
})

describe('Connection.request', () => {
  it('serialises requests: one in flight, replies matched in call order', async () => {
    let inFlight = 0
    let maxInFlight = 0
    const fake = await fakeServer({
      answer: async (r) => {
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        await new Promise((resolve) => setTimeout(resolve, 10))
        inFlight--
        return r.request.kind === 'query' ? { opCode: opOf(r), documents: [{ name: r.request.name }] } : { opCode: opOf(r) }
      },
    })
    const conn = await connectTo(fake)
    const replies = await Promise.all(['a.a', 'b.b', 'c.c'].map((n) => conn.request(query(n))))
    expect(replies.map((r) => r.documents[0]?.['name'])).toEqual(['a.a', 'b.b', 'c.c'])
    expect(maxInFlight).toBe(1)
    const ids = fake.received.slice(1).map((r) => r.header.requestId)
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)))
    expect(new Set(ids).size).toBe(3)
    await conn.close()
  })

  it('turns an error reply into SdbServerError and stays usable; -29 resolves', async () => {
    const errorDoc: BsonDocument = {
      errno: new Int32(-4),
      description: 'File Not Exist',
      detail: '',
      ErrNodes: [{ NodeName: 'h:11820', GroupName: 'g1', Flag: new Int32(-4) }],
    }
    const fake = await fakeServer({
      answer: (r) => {
        if (r.request.kind === 'query' && r.request.name === 'bad.x') return { opCode: opOf(r), flags: -4, documents: [errorDoc] }
        if (r.request.kind === 'getMore') {
          return { opCode: opOf(r), flags: -29, documents: [{ errno: new Int32(-29), description: 'End of collection', detail: '' }] }
        }
        return { opCode: opOf(r) }
      },
    })
    const conn = await connectTo(fake)
    const error: unknown = await conn.request(query('bad.x')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SdbServerError)
    expect(error).toMatchObject({ code: -4, name: 'SDB_FNE', description: 'File Not Exist' })
    expect((error as SdbServerError).errorObject['ErrNodes']).toBeDefined()
    const eoc = await conn.request({ kind: 'getMore', contextId: 7n, numToReturn: -1 })
    expect(eoc.flags).toBe(-29)
    expect((await conn.request(query())).flags).toBe(0)
    expect(conn.closed).toBe(false)
    await conn.close()
  })

  it('times out a request, drops the connection and emits close', async () => {
    const fake = await fakeServer({ answer: (r) => (r.request.kind === 'query' ? 'silence' : { opCode: opOf(r) }) })
    const conn = await connectTo(fake)
    const closed = new Promise<Error | undefined>((resolve) => conn.once('close', resolve))
    const timed = conn.request(query(), { timeoutMs: 100 })
    const queued = conn.request(query('second.one'))
    await expect(timed).rejects.toBeInstanceOf(SdbTimeoutError)
    await expect(queued).rejects.toBeInstanceOf(SdbNetworkError)
    expect(await closed).toBeInstanceOf(SdbTimeoutError)
    expect(conn.closed).toBe(true)
    await expect(conn.request(query())).rejects.toBeInstanceOf(SdbNetworkError)
  })

  it('fails a queued request on abort without touching the connection; in flight it drops it', async () => {
    let release: (() => void) | undefined
    const fake = await fakeServer({
      answer: async (r) => {
        if (r.request.kind === 'query' && r.request.name === 'slow.one') {
          await new Promise<void>((resolve) => {
            release = resolve
          })
        }
        return { opCode: opOf(r) }
      },
    })
    const conn = await connectTo(fake)
    const slow = conn.request(query('slow.one'))
    const controller = new AbortController()
    const waiting = conn.request(query('queued.one'), { signal: controller.signal })
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' })
    await expect.poll(() => release !== undefined).toBe(true)
    release?.()
    expect((await slow).flags).toBe(0)
    expect(conn.closed).toBe(false)

    const inFlight = new AbortController()
    release = undefined
    const doomed = conn.request(query('slow.one'), { signal: inFlight.signal })
    await expect.poll(() => release !== undefined).toBe(true)
    inFlight.abort()
    await expect(doomed).rejects.toMatchObject({ name: 'AbortError' })
    expect(conn.closed).toBe(true)
  })

  it('drops the connection on a reply with the wrong opcode (-65)', async () => {
    const fake = await fakeServer({ answer: (r) => ({ opCode: opOf(r) === 2004 ? 2005 : opOf(r) }) })
    const conn = await connectTo(fake)
    await expect(conn.request(query())).rejects.toMatchObject({ name: 'SdbProtocolError', code: -65 })
    expect(conn.closed).toBe(true)
  })

  it('drops the connection on an absurd reply length', async () => {
    const raw = Buffer.alloc(8)
    raw.writeInt32LE(0x7ffffff0, 0)
    const fake = await fakeServer({ answer: (r) => (r.request.kind === 'query' ? { raw } : { opCode: opOf(r) }) })
    const conn = await connectTo(fake)
    await expect(conn.request(query())).rejects.toBeInstanceOf(SdbProtocolError)
    expect(conn.closed).toBe(true)
  })

  it('reports a server that goes away mid-request', async () => {
    const fake = await fakeServer({ answer: (r) => (r.request.kind === 'query' ? 'close' : { opCode: opOf(r) }) })
    const conn = await connectTo(fake)
    await expect(conn.request(query())).rejects.toMatchObject({ name: 'SdbNetworkError', code: -16 })
    expect(conn.closed).toBe(true)
  })
})

describe('Connection.send and close', () => {
  it('sends interrupt without waiting for a reply, in queue order', async () => {
    const fake = await fakeServer()
    const conn = await connectTo(fake)
    const q = conn.request(query())
    await conn.send({ kind: 'interrupt' })
    await q
    await expect.poll(() => fake.received.map((r) => r.header.opCode)).toEqual([7003, 2004, 2009])
    await expect(conn.send(query())).rejects.toThrow(/expects a reply/)
    await expect(conn.request({ kind: 'interrupt' })).rejects.toThrow(/no reply/)
    await conn.close()
  })

  it('finishes closing even when the server ignores the disconnect', async () => {
    const fake = await fakeServer({ ignoreDisconnect: true })
    const conn = await connectTo(fake)
    const started = Date.now()
    await conn.close()
    expect(Date.now() - started).toBeLessThan(3000)
    const other = await connectTo(fake)
    await other.send({ kind: 'disconnect' })
    await other.close()
    expect(other.closed).toBe(true)
  })

  it('sends one disconnect, is idempotent, and emits close once', async () => {
    const fake = await fakeServer()
    const conn = await connectTo(fake)
    let closes = 0
    conn.on('close', () => {
      closes++
    })
    await Promise.all([conn.close(), conn.close()])
    await conn.close()
    expect(conn.closed).toBe(true)
    expect(closes).toBe(1)
    await expect.poll(() => fake.received.filter((r) => r.header.opCode === 2008).length).toBe(1)
    await expect(conn.request(query())).rejects.toMatchObject({ name: 'SdbNetworkError', code: -64 })
  })
})
