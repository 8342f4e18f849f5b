// Bulk insert and query streaming of 100,000 small documents through the driver, against an
// in-process server that answers at once from prebuilt replies, beside the `bson` package's
// serialize/deserialize of the same documents. Run: npm run bench -w @canopy/sdb-client
import { createHash } from 'node:crypto'
import net from 'node:net'
import { performance } from 'node:perf_hooks'
import { deserialize, serialize, Long as BsonLong } from 'bson'
import { Client, ObjectId, type BsonDocument } from '../src/index.js'

const TOTAL = 100_000
const BATCH = 1_000
const ROUNDS = 9

function makeDocuments(): BsonDocument[] {
  const docs: BsonDocument[] = []
  for (let i = 0; i < TOTAL; i++) {
    docs.push({ _id: new ObjectId(), name: `user${i}`, age: i % 90, score: i * 1.5, active: i % 2 === 0, city: 'Shenzhen' })
  }
  return docs
}

function pad4(n: number): number {
  return (n + 3) & ~3
}

function sysInfo(): Buffer {
  const out = Buffer.alloc(128)
  out.writeInt32LE(-1, 0)
  out.writeUInt32LE(0xfffefdfc, 4)
  out.writeInt32LE(128, 8)
  out.writeInt32LE(3, 12)
  out.writeUInt8(6, 28)
  createHash('md5').update(out.subarray(0, 124)).digest().copy(out, 124, 0, 4)
  return out
}

/** A reply whose TID/requestID are patched per request; documents prebuilt. */
function replyTemplate(opCode: number, contextId: bigint, flags: number, documents: readonly Uint8Array[]): Buffer {
  const length = 84 + documents.reduce((s, d) => s + pad4(d.length), 0)
  const out = Buffer.alloc(length)
  out.writeInt32LE(length, 0)
  out.writeInt32LE((opCode | 0x80000000) | 0, 28)
  out.writeInt16LE(2, 32)
  out.writeBigInt64LE(contextId, 56)
  out.writeInt32LE(flags, 64)
  out.writeInt32LE(documents.length, 72)
  let at = 84
  for (const d of documents) {
    Buffer.from(d).copy(out, at)
    at += pad4(d.length)
  }
  return out
}

async function startServer(batches: Buffer[][]): Promise<{ address: string; close: () => Promise<void> }> {
  const insertReply = replyTemplate(2002, -1n, 0, [serialize({ InsertedNum: BsonLong.fromNumber(BATCH), DuplicatedNum: BsonLong.fromNumber(0), ModifiedNum: BsonLong.fromNumber(0) })])
  const emptyReply = (op: number) => replyTemplate(op, -1n, 0, [])
  const queryReplies = batches.map((docs, i) => replyTemplate(i === 0 ? 2004 : 2005, i === batches.length - 1 ? -1n : 42n, 0, docs))
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    // Only the first 36 bytes of each message matter here; the rest is skipped without copying,
    // so the server's own cost stays out of the driver's time as far as possible.
    let head = Buffer.alloc(0)
    let skip = 0
    let batch = 0
    const onMessage = (h: Buffer): void => {
      const first = h.readInt32LE(0)
      if (first === -1) {
        socket.write(sysInfo())
        return
      }
      const opCode = h.readInt32LE(28)
      let reply: Buffer
      if (opCode === 2002) reply = insertReply
      else if (opCode === 2004 && batches.length > 0) {
        batch = 0
        reply = queryReplies[batch++]!
      } else if (opCode === 2005) reply = queryReplies[batch++]!
      else if (opCode === 2008) return
      else reply = emptyReply(opCode)
      reply.writeUInt32LE(h.readUInt32LE(8), 8)
      reply.writeBigUInt64LE(h.readBigUInt64LE(20), 20)
      socket.write(reply)
    }
    socket.on('data', (chunk: Buffer) => {
      let at = 0
      while (at < chunk.length) {
        if (skip > 0) {
          const n = Math.min(skip, chunk.length - at)
          skip -= n
          at += n
          continue
        }
        const need = head.length < 4 ? 4 : head.readInt32LE(0) === -1 ? 12 : 36
        const take = Math.min(need - head.length, chunk.length - at)
        head = Buffer.concat([head, chunk.subarray(at, at + take)])
        at += take
        if (head.length < need) continue
        if (need === 4) continue
        const length = head.readInt32LE(0) === -1 ? 12 : head.readInt32LE(0)
        onMessage(head)
        skip = length - head.length
        head = Buffer.alloc(0)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    address: `127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function best(times: number[]): number {
  return Math.min(...times)
}

let peakRss = 0
const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()) }, 20)

async function main(): Promise<void> {
  const docs = makeDocuments()
  const encoded = docs.map((d) => serialize(d))
  const batches: Buffer[][] = []
  for (let i = 0; i < TOTAL; i += BATCH) batches.push(encoded.slice(i, i + BATCH).map((b) => Buffer.from(b)))
  const server = await startServer(batches)
  const client = await Client.connect({ hosts: [server.address], maxPoolSize: 1 })
  const cl = client.collection('bench.docs')

  const serializeTimes: number[] = []
  const deserializeTimes: number[] = []
  const insertTimes: number[] = []
  const queryTimes: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now()
    for (const d of docs) serialize(d)
    serializeTimes.push(performance.now() - t)

    t = performance.now()
    for (const b of encoded) deserialize(b, { promoteValues: false })
    deserializeTimes.push(performance.now() - t)

    t = performance.now()
    for (let i = 0; i < TOTAL; i += BATCH) await cl.insert(docs.slice(i, i + BATCH))
    insertTimes.push(performance.now() - t)

    t = performance.now()
    let count = 0
    for await (const _ of cl.query()) count++
    queryTimes.push(performance.now() - t)
    if (count !== TOTAL) throw new Error(`query streamed ${count} documents, expected ${TOTAL}`)
  }
  await client.close()
  await server.close()
  clearInterval(rssTimer)

  const median = (xs: number[]): number => {
    const sorted = [...xs].sort((x, y) => x - y)
    return sorted[Math.floor(sorted.length / 2)]!
  }
  // Each round times the codec and the driver back to back, so a burst of load from other
  // processes hits both; the median of the per-round ratios is the figure to compare.
  const rows = [
    ['bulk insert (batches of 1,000)', insertTimes, serializeTimes, 'bson.serialize'],
    ['query streaming', queryTimes, deserializeTimes, 'bson.deserialize'],
  ] as const
  console.log(`documents: ${TOTAL}, ${ROUNDS} rounds, best times and median per-round ratio, node ${process.version}`)
  for (const [what, driverTimes, codecTimes, codecName] of rows) {
    const driver = best(driverTimes)
    const codec = best(codecTimes)
    const ratio = median(driverTimes.map((t, i) => t / codecTimes[i]!))
    const docsPerSecond = Math.round(TOTAL / (driver / 1000))
    console.log(
      `${what.padEnd(32)} driver ${driver.toFixed(1).padStart(8)} ms  ${String(docsPerSecond).padStart(9)} docs/s | ` +
        `${codecName} ${codec.toFixed(1).padStart(8)} ms | ratio ${ratio.toFixed(2)}x (target <= 1.5x)`,
    )
  }
  console.log(`peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
