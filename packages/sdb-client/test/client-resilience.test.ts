// The client over real sockets: failover between coordinators, reconnect after a restart,
// timeouts, aborts, pool bounds, cursors holding their connection.
import net from 'node:net'
import { serialize } from 'bson'
import { afterEach, describe, expect, it } from 'vitest'
import { Client, SdbApiError, SdbNetworkError, SdbServerError, SdbTimeoutError } from '../src/index.js'
import { startScriptedServer, sysInfoReply, v2Reply, type ReceivedMessage, type ScriptAnswer, type ScriptedServer } from './support/scripted-server.js'

const servers: ScriptedServer[] = []
const clients: Client[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close().catch(() => undefined)
  for (const server of servers.splice(0)) await server.close()
})

/** Answers every request with an empty success; queries on `cs.cl` with three records. */
function okScript(options: { silentOpCodes?: number[]; records?: number; contextId?: bigint } = {}) {
  return (message: ReceivedMessage): ScriptAnswer => {
    if (message.opCode === -1) return { kind: 'reply', bytes: sysInfoReply({ authVersion: 0 }) }
    if (message.opCode === 2008 || message.opCode === 2009) return { kind: 'none' }
    if (options.silentOpCodes?.includes(message.opCode) === true) return { kind: 'none' }
    if (message.opCode === 2004) {
      const docs = Array.from({ length: options.records ?? 0 }, (_, i) => serialize({ i }))
      return { kind: 'reply', bytes: v2Reply(message, { contextId: options.contextId ?? -1n, documents: docs }) }
    }
    if (message.opCode === 2005) return { kind: 'reply', bytes: v2Reply(message, { flags: -29, documents: [serialize({ errno: -29, description: 'End of collection', detail: '' })] }) }
    return { kind: 'reply', bytes: v2Reply(message, {}) }
  }
}

async function start(script: (m: ReceivedMessage) => ScriptAnswer): Promise<ScriptedServer> {
  const server = await startScriptedServer(script)
  servers.push(server)
  return server
}

async function connect(options: Parameters<typeof Client.connect>[0]): Promise<Client> {
  const client = await Client.connect(options)
  clients.push(client)
  return client
}

async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as net.AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

describe('Client over several coordinators', () => {
  it('fails over to the second address when the first refuses', async () => {
    const dead = await freePort()
    const live = await start(okScript())
    const db = await connect({ hosts: [`127.0.0.1:${dead}`, live.address], connectTimeoutMs: 2000 })
    await db.createCollectionSpace('foo')
    expect(live.received.some((m) => m.opCode === 2004)).toBe(true)
  })

  it('rejects with SdbNetworkError naming every address when none answers', async () => {
    const a = await freePort()
    const b = await freePort()
    const error: unknown = await Client.connect({ hosts: [`127.0.0.1:${a}`, `127.0.0.1:${b}`], connectTimeoutMs: 2000 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SdbNetworkError)
    expect(String(error)).toContain(String(a))
    expect(String(error)).toContain(String(b))
  })

  it('reconnects by itself after the server restarts on the same port', async () => {
    const first = await start(okScript())
    const port = first.port
    const db = await connect({ hosts: [first.address] })
    await db.createCollectionSpace('a')
    await first.close()
    servers.splice(servers.indexOf(first), 1)
    // Same port, new process: the pooled socket is dead and must be replaced.
    const again = await startScriptedServerOn(port)
    await new Promise((r) => setTimeout(r, 20))
    await db.createCollectionSpace('b')
    expect(again.received.filter((m) => m.opCode === 2004)).toHaveLength(1)
  })

  it('checks idle connections on demand and closes idle ones after idleTimeoutMs', async () => {
    const server = await start(okScript())
    const db = await connect({ hosts: [server.address], idleTimeoutMs: 100 })
    expect(await db.checkHealth()).toBe(1)
    expect(server.received.some((m) => m.opCode === 2004 && m.bytes.toString('latin1', 88, 110) === '$get session attribute')).toBe(true)
    await new Promise((r) => setTimeout(r, 300))
    expect(db.poolSize).toBe(0)
    expect(server.received.filter((m) => m.opCode === 2008)).toHaveLength(1)
    // The next call simply opens a new connection.
    await db.createCollectionSpace('after_idle')
    expect(db.poolSize).toBe(1)
  })

  it('refuses a bad address before connecting', async () => {
    await expect(Client.connect({ hosts: ['not a host:port:x'] })).rejects.toBeInstanceOf(SdbApiError)
  })
})

async function startScriptedServerOn(port: number): Promise<ScriptedServer> {
  // The scripted server always binds port 0; a restart on a fixed port needs a relay.
  const inner = await start(okScript())
  const relay = net.createServer((socket) => {
    const upstream = net.connect(inner.port, '127.0.0.1')
    socket.pipe(upstream).pipe(socket)
    socket.on('error', () => upstream.destroy())
    upstream.on('error', () => socket.destroy())
    socket.on('close', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve))
  const sockets = new Set<net.Socket>()
  relay.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)) })
  servers.push({
    port,
    address: `127.0.0.1:${port}`,
    received: [],
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => relay.close(() => resolve()))
    },
  })
  return inner
}

describe('Client time limits and cancellation', () => {
  it('fails a request that gets no answer with SdbTimeoutError, then works on a new connection', async () => {
    const server = await start(okScript({ silentOpCodes: [2001] }))
    const db = await connect({ hosts: [server.address], operationTimeoutMs: 100 })
    const cl = db.collection('cs.cl')
    await expect(cl.update({ $set: { a: 1 } })).rejects.toBeInstanceOf(SdbTimeoutError)
    await cl.delete({ a: 1 })
    expect(server.received.filter((m) => m.opCode === -1)).toHaveLength(2)
  })

  it('honours an AbortSignal', async () => {
    const server = await start(okScript({ silentOpCodes: [2006] }))
    const db = await connect({ hosts: [server.address] })
    const controller = new AbortController()
    const pending = db.collection('cs.cl').delete({}, { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('stop')), 20)
    await expect(pending).rejects.toThrow('stop')
  })

  it('times out the connect to a peer that never answers the probe', async () => {
    const server = await start((m) => (m.opCode === -1 ? { kind: 'none' } : { kind: 'none' }))
    const error: unknown = await Client.connect({ hosts: [server.address], connectTimeoutMs: 100 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SdbTimeoutError)
  })
})

describe('Client pool and cursors', () => {
  it('keeps a cursor on its connection until it is closed, and never exceeds maxPoolSize', async () => {
    const server = await start(okScript({ records: 2, contextId: 77n }))
    const db = await connect({ hosts: [server.address], maxPoolSize: 2 })
    const cl = db.collection('cs.cl')
    const one = cl.query()
    const two = cl.query()
    expect(await one.next()).toBeDefined()
    expect(await two.next()).toBeDefined()
    expect(db.poolSize).toBe(2)
    // Both connections are held by cursors: a third call waits and times out.
    await expect(cl.delete({}, { timeoutMs: 100 })).rejects.toBeInstanceOf(SdbTimeoutError)
    await one.close()
    await cl.delete({})
    const kills = server.received.filter((m) => m.opCode === 2007)
    expect(kills).toHaveLength(1)
    expect(kills[0]!.bytes.readBigInt64LE(64)).toBe(77n)
    expect(kills[0]!.connection).toBe(server.received.find((m) => m.opCode === 2004)!.connection)
    await two.close()
  })

  it('runs a transaction on one connection while other cursors are open', async () => {
    const server = await start(okScript({ records: 1, contextId: 5n }))
    const db = await connect({ hosts: [server.address], maxPoolSize: 3 })
    const open = db.collection('cs.cl').query()
    await open.next()
    await db.withTransaction(async () => {
      await db.collection('cs.cl').insert({ a: 1 })
      await db.collection('cs.cl').delete({ a: 2 })
    })
    const tx = server.received.filter((m) => [2010, 2002, 2006, 2011].includes(m.opCode))
    expect(tx.map((m) => m.opCode)).toEqual([2010, 2002, 2006, 2011])
    expect(new Set(tx.map((m) => m.connection)).size).toBe(1)
    await open.close()
  })

  it('fails the calls of a transaction whose connection died, then works again outside it', async () => {
    const first = await start(okScript())
    const db = await connect({ hosts: [first.address] })
    await db.transactionBegin()
    await first.close()
    servers.splice(servers.indexOf(first), 1)
    await startScriptedServerOn(first.port)
    await new Promise((r) => setTimeout(r, 20))
    const error: unknown = await db.collection('cs.cl').insert({ a: 1 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SdbNetworkError)
    expect(db.inTransaction).toBe(false)
    await db.collection('cs.cl').insert({ a: 2 })
  })

  it('sets the session attributes again on a new connection after the old one died', async () => {
    const first = await start(okScript())
    const db = await connect({ hosts: [first.address] })
    await db.setSessionAttributes({ preferredInstance: 'S' })
    await first.close()
    servers.splice(servers.indexOf(first), 1)
    const again = await startScriptedServerOn(first.port)
    await new Promise((r) => setTimeout(r, 20))
    await db.collection('cs.cl').delete({ a: 1 })
    const sent = again.received.filter((m) => m.opCode !== -1 && m.opCode !== 7000)
    expect(sent.map((m) => (m.opCode === 2004 ? m.bytes.toString('latin1', 88, m.bytes.indexOf(0, 88)) : m.opCode))).toEqual(['$set session attribute', 2006])
  })

  it('rolls back when the transaction body throws', async () => {
    const server = await start(okScript())
    const db = await connect({ hosts: [server.address] })
    await expect(db.withTransaction(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(server.received.map((m) => m.opCode)).toContain(2012)
    expect(db.inTransaction).toBe(false)
  })

  it('turns an error reply into SdbServerError with code, name, description and detail', async () => {
    const server = await start((m) => {
      if (m.opCode === -1) return { kind: 'reply', bytes: sysInfoReply({ authVersion: 0 }) }
      if (m.opCode === 2004) {
        return { kind: 'reply', bytes: v2Reply(m, { flags: -33, documents: [serialize({ errno: -33, description: 'Collection space already exists', detail: 'foo' })] }) }
      }
      return { kind: 'reply', bytes: v2Reply(m, {}) }
    })
    const db = await connect({ hosts: [server.address] })
    const error: unknown = await db.createCollectionSpace('foo').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SdbServerError)
    expect(error).toMatchObject({ code: -33, name: 'SDB_DMS_CS_EXIST', description: 'Collection space already exists', detail: 'foo' })
    // The connection stays usable after a server error.
    await db.dropCollectionSpace('bar').catch(() => undefined)
    expect(server.received.filter((m) => m.opCode === -1)).toHaveLength(1)
  })

  it('returns the server counts of update and delete only when asked (returnCounts)', async () => {
    const server = await start((m) => {
      if (m.opCode === -1) return { kind: 'reply', bytes: sysInfoReply({ authVersion: 0 }) }
      if (m.opCode === 2008) return { kind: 'none' }
      const flags = m.opCode === 2001 || m.opCode === 2006 ? m.bytes.readInt32LE(64) : 0
      if (m.opCode === 2001 && (flags & 0x4) !== 0) return { kind: 'reply', bytes: v2Reply(m, { documents: [serialize({ UpdatedNum: 3n, ModifiedNum: 2n, InsertedNum: 0n })] }) }
      if (m.opCode === 2006 && (flags & 0x4) !== 0) return { kind: 'reply', bytes: v2Reply(m, { documents: [serialize({ DeletedNum: 4n })] }) }
      return { kind: 'reply', bytes: v2Reply(m, {}) }
    })
    const db = await connect({ hosts: [server.address] })
    const cl = db.collection('cs.cl')
    expect(await cl.update({ $set: { a: 1 } })).toEqual({})
    expect(await cl.update({ $set: { a: 1 } }, { returnCounts: true })).toEqual({ updatedNum: 3, modifiedNum: 2, insertedNum: 0 })
    expect(await cl.delete({ a: 1 }, { returnCounts: true })).toEqual({ deletedNum: 4 })
    const updates = server.received.filter((m) => m.opCode === 2001).map((m) => m.bytes.readInt32LE(64))
    expect(updates).toEqual([0, 4])
  })

  it('ends another session with $force session and an int64 SessionID', async () => {
    const server = await start(okScript())
    const db = await connect({ hosts: [server.address] })
    await db.forceSession(12)
    const sent = server.received.find((m) => m.opCode === 2004)!
    const name = sent.bytes.toString('latin1', 88, sent.bytes.indexOf(0, 88))
    expect(name).toBe('$force session')
    // 0x12 = int64, then the key "SessionID".
    expect(sent.bytes.includes(Buffer.from('\x12SessionID\x00', 'latin1'))).toBe(true)
  })

  it('rejects bad arguments with SdbApiError before sending anything', async () => {
    const server = await start(okScript())
    const db = await connect({ hosts: [server.address] })
    const before = server.received.length
    const cl = db.collection('cs.cl')
    const rejections = [
      db.createCollectionSpace(''),
      db.dropCollectionSpace('a.b'),
      db.getCollection('nodot'),
      cl.update({}),
      cl.insert([]),
      cl.createIndex('i', {}),
      db.forceSession(1.5),
      db.setSessionAttributes({ preferredInstance: 'Z' as 'M' }),
    ]
    for (const pending of rejections) await expect(pending).rejects.toBeInstanceOf(SdbApiError)
    expect(server.received.slice(before)).toEqual([])
    expect(() => cl.aggregate([])).toThrow(SdbApiError)
  })

  it('closes its connections even while a cursor is still open', async () => {
    const server = await start(okScript({ records: 1, contextId: 9n }))
    const db = await Client.connect({ hosts: [server.address] })
    const cursor = db.collection('cs.cl').query()
    await cursor.next()
    await db.close()
    expect(cursor.closed).toBe(true)
    expect(server.received.filter((m) => m.opCode === 2008)).toHaveLength(1)
    expect(server.received.filter((m) => m.opCode === 2007)).toHaveLength(0)
  })

  it('refuses calls after close', async () => {
    const server = await start(okScript())
    const db = await Client.connect({ hosts: [server.address] })
    await db.close()
    await db.close()
    await expect(db.createCollectionSpace('x')).rejects.toBeInstanceOf(SdbApiError)
    expect(server.received.filter((m) => m.opCode === 2008)).toHaveLength(1)
  })
})
