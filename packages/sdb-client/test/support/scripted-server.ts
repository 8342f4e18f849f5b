// A fake SequoiaDB server for tests: it frames requests by hand (independently of the driver's
// protocol module, so a symmetric bug cannot hide) and answers through a script.
import { createHash } from 'node:crypto'
import net from 'node:net'

/** One message as received, with the fields a script needs. */
export interface ReceivedMessage {
  readonly connection: number
  readonly seqOnConnection: number
  readonly bytes: Buffer
  /** -1 for the system-info probe. */
  readonly opCode: number
  readonly tid: number
  readonly requestId: bigint
}

/** What a script answers to one message. */
export type ScriptAnswer =
  | { readonly kind: 'reply'; readonly bytes: Buffer }
  | { readonly kind: 'none' }
  | { readonly kind: 'close' }

export type Script = (message: ReceivedMessage) => ScriptAnswer | readonly ScriptAnswer[]

/** Options of {@link startScriptedServer}. */
export interface ScriptedServerOptions {
  /** Header length of the requests after the probe: 56 (V2, default) or 28 (V1). */
  readonly headerLength?: 56 | 28
}

/** A running fake server. */
export interface ScriptedServer {
  readonly port: number
  readonly address: string
  readonly received: ReceivedMessage[]
  close(): Promise<void>
}

/** Builds a 128-byte system-info reply (contract §2.2) with a valid or broken fingerprint. */
export function sysInfoReply(options: { authVersion: number; fingerprint?: 'valid' | 'broken' }): Buffer {
  const out = Buffer.alloc(128)
  out.writeInt32LE(-1, 0)
  out.writeUInt32LE(0xfffefdfc, 4)
  out.writeInt32LE(128, 8)
  out.writeInt32LE(3, 12)
  out.writeInt32LE(options.authVersion, 16)
  out.writeBigUInt64LE(1_700_000_000n, 20)
  out.writeUInt8(6, 28)
  const digest = createHash('md5').update(out.subarray(0, 124)).digest()
  if (options.fingerprint !== 'broken') digest.copy(out, 124, 0, 4)
  return out
}

function pad4(n: number): number {
  return (n + 3) & ~3
}

/** Builds a V2 reply (84-byte header + padded BSON documents) echoing the request's TID and id. */
export function v2Reply(request: ReceivedMessage, body: {
  flags?: number
  contextId?: bigint
  startFrom?: number
  documents?: readonly Uint8Array[]
}): Buffer {
  const docs = body.documents ?? []
  const length = 84 + docs.reduce((sum, d) => sum + pad4(d.length), 0)
  const out = Buffer.alloc(length)
  out.writeInt32LE(length, 0)
  out.writeUInt32LE(request.tid, 8)
  out.writeBigUInt64LE(request.requestId, 20)
  out.writeInt32LE((request.opCode | 0x80000000) | 0, 28)
  out.writeInt16LE(2, 32)
  out.writeBigInt64LE(body.contextId ?? -1n, 56)
  out.writeInt32LE(body.flags ?? 0, 64)
  out.writeInt32LE(body.startFrom ?? 0, 68)
  out.writeInt32LE(docs.length, 72)
  let at = 84
  for (const doc of docs) {
    Buffer.from(doc.buffer, doc.byteOffset, doc.length).copy(out, at)
    at += pad4(doc.length)
  }
  return out
}

/** Takes a recorded reply and rewrites its TID and requestID to echo `request`. */
export function echoRecorded(request: ReceivedMessage, recordedHex: string): Buffer {
  const out = Buffer.from(recordedHex, 'hex')
  if (out.readInt32LE(0) === -1) return out
  out.writeUInt32LE(request.tid, 8)
  out.writeBigUInt64LE(request.requestId, 20)
  return out
}

/** Starts a scripted server on 127.0.0.1, port 0. */
export async function startScriptedServer(script: Script, options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const headerLength = options.headerLength ?? 56
  const received: ReceivedMessage[] = []
  const sockets = new Set<net.Socket>()
  let connections = 0
  const server = net.createServer((socket) => {
    sockets.add(socket)
    const connection = ++connections
    let seq = 0
    let pending = Buffer.alloc(0)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk])
      for (;;) {
        if (pending.length < 4) return
        const first = pending.readInt32LE(0)
        const length = first === -1 ? 12 : first
        if (length < 4 || length > 64 * 1024 * 1024) {
          socket.destroy()
          return
        }
        // SQL/auth messages do not count their padding: the next message starts at `length`.
        if (pending.length < length) return
        const bytes = Buffer.from(pending.subarray(0, length))
        pending = pending.subarray(length)
        const isProbe = first === -1
        const opCode = isProbe ? -1 : headerLength === 56 ? bytes.readInt32LE(28) : bytes.readInt32LE(4)
        const message: ReceivedMessage = {
          connection,
          seqOnConnection: ++seq,
          bytes,
          opCode,
          tid: isProbe ? 0 : bytes.readUInt32LE(8),
          requestId: isProbe ? 0n : bytes.readBigUInt64LE(20),
        }
        received.push(message)
        const answer = script(message)
        for (const one of Array.isArray(answer) ? answer : [answer as ScriptAnswer]) {
          if (one.kind === 'reply') socket.write(one.bytes)
          else if (one.kind === 'close') socket.destroy()
        }
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    address: `127.0.0.1:${port}`,
    received,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
