// LOBs through a scripted server that keeps them in memory (8001 open, 8002 write, 8003 read,
// 8004 remove, 8006 close), with streams for large ones.
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { deserialize, serialize, Long as BsonLong } from 'bson'
import { afterEach, describe, expect, it } from 'vitest'
import { Client, ObjectId, SdbServerError } from '../src/index.js'
import { startScriptedServer, sysInfoReply, v2Reply, type ReceivedMessage, type ScriptAnswer, type ScriptedServer } from './support/scripted-server.js'

let server: ScriptedServer | undefined
let client: Client | undefined

afterEach(async () => {
  await client?.close()
  await server?.close()
})

function lobServer() {
  const lobs = new Map<string, Buffer>()
  const contexts = new Map<bigint, { oid: string; mode: number }>()
  let nextContext = 100n
  const meta = (oid: string) => serialize({ Oid: ObjectId.createFromHexString(oid), Size: BsonLong.fromNumber(lobs.get(oid)?.length ?? 0), LobPageSize: 262144 })
  const reads: number[] = []
  const script = (m: ReceivedMessage): ScriptAnswer => {
    if (m.opCode === -1) return { kind: 'reply', bytes: sysInfoReply({ authVersion: 0 }) }
    if (m.opCode === 2008) return { kind: 'none' }
    const b = m.bytes
    if (m.opCode < 8001 || m.opCode > 8010) return { kind: 'reply', bytes: v2Reply(m, {}) }
    const contextId = b.readBigInt64LE(68)
    const bsonLen = b.readUInt32LE(76)
    const doc = bsonLen > 0 ? deserialize(b.subarray(80, 80 + bsonLen)) : {}
    const after = 80 + ((bsonLen + 3) & ~3)
    switch (m.opCode) {
      case 8001: {
        const oid = (doc['Oid'] as ObjectId).toHexString()
        if (doc['Mode'] === 1) lobs.set(oid, Buffer.alloc(0))
        else if (!lobs.has(oid)) return { kind: 'reply', bytes: v2Reply(m, { flags: -4, documents: [serialize({ errno: -4, description: 'File Not Exist', detail: '' })] }) }
        const id = nextContext++
        contexts.set(id, { oid, mode: doc['Mode'] as number })
        return { kind: 'reply', bytes: v2Reply(m, { contextId: id, documents: [meta(oid)] }) }
      }
      case 8002: {
        const ctx = contexts.get(contextId)!
        const len = b.readUInt32LE(after)
        const offset = b.readBigInt64LE(after + 8)
        const data = b.subarray(after + 16, after + 16 + len)
        const current = lobs.get(ctx.oid)!
        const at = offset === -1n ? current.length : Number(offset)
        const grown = Buffer.alloc(Math.max(current.length, at + len))
        current.copy(grown)
        data.copy(grown, at)
        lobs.set(ctx.oid, grown)
        return { kind: 'reply', bytes: v2Reply(m, { contextId }) }
      }
      case 8003: {
        const ctx = contexts.get(contextId)!
        const len = b.readUInt32LE(after)
        const offset = Number(b.readBigInt64LE(after + 8))
        reads.push(len)
        const data = lobs.get(ctx.oid)!.subarray(offset, offset + len)
        const head = v2Reply(m, { contextId })
        const tuple = Buffer.alloc(16)
        tuple.writeUInt32LE(data.length, 0)
        tuple.writeBigInt64LE(BigInt(offset), 8)
        const out = Buffer.concat([head, tuple, data, Buffer.alloc((4 - (data.length % 4)) % 4)])
        out.writeInt32LE(84 + 16 + data.length, 0)
        out.writeInt32LE(1, 72)
        return { kind: 'reply', bytes: out.subarray(0, 84 + 16 + data.length) }
      }
      case 8004:
        lobs.delete((doc['Oid'] as ObjectId).toHexString())
        return { kind: 'reply', bytes: v2Reply(m, {}) }
      case 8006: {
        const ctx = contexts.get(contextId)
        contexts.delete(contextId)
        return { kind: 'reply', bytes: v2Reply(m, { documents: ctx !== undefined && ctx.mode === 1 ? [meta(ctx.oid)] : [] }) }
      }
      default:
        return { kind: 'reply', bytes: v2Reply(m, {}) }
    }
  }
  return { script, lobs, reads, contexts }
}

describe('LOBs', () => {
  it('writes a large LOB through a stream and reads it back through a stream', async () => {
    const state = lobServer()
    server = await startScriptedServer(state.script)
    client = await Client.connect({ hosts: [server.address] })
    const cl = client.collection('cs.cl')
    const payload = Buffer.alloc(1_500_000)
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) % 251
    const lob = await cl.createLob()
    await pipeline(Readable.from([payload.subarray(0, 700_000), payload.subarray(700_000)]), lob.createWriteStream())
    expect(lob.closed).toBe(true)
    expect(lob.size).toBe(payload.length)
    // Pieces of at most 512 KiB on the wire.
    const writes = server.received.filter((m) => m.opCode === 8002)
    expect(writes.length).toBeGreaterThanOrEqual(3)

    const reader = await cl.openLob(lob.id)
    expect(reader.size).toBe(payload.length)
    const chunks: Buffer[] = []
    for await (const chunk of reader.createReadStream({ chunkSize: 200_000 })) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks).equals(payload)).toBe(true)
    expect(reader.closed).toBe(true)
    expect(state.contexts.size).toBe(0)
  })

  it('seeks, reads, removes, and reports a missing LOB as -4', async () => {
    const state = lobServer()
    server = await startScriptedServer(state.script)
    client = await Client.connect({ hosts: [server.address] })
    const cl = client.collection('cs.cl')
    const id = await cl.putLob(Buffer.from('hello, large object'))
    const lob = await cl.openLob(id.toHexString())
    lob.seek(7)
    expect((await lob.read(5)).toString()).toBe('large')
    lob.seek(-6, 'end')
    expect((await lob.readAll()).toString()).toBe('object')
    expect((await lob.read(10)).length).toBe(0)
    await lob.close()
    await lob.close()
    expect((await cl.getLob(id)).toString()).toBe('hello, large object')
    await cl.removeLob(id)
    const error: unknown = await cl.openLob(id).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SdbServerError)
    expect(error).toMatchObject({ code: -4, name: 'SDB_FNE' })
  })
})
