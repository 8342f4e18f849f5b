import { connect, type Socket } from 'node:net'
import {
  decodeReply,
  decodeSysInfoReply,
  encodeRequest,
  encodeSysInfoRequest,
  FrameDecoder,
  HeaderVersion,
  type SdbReply,
  type SdbRequest,
  type SysInfoReply,
} from '@canopy/sdb-client/protocol'

/**
 * A minimal client over the protocol module for the emulator's integration tests: one socket,
 * one request at a time, raw frames in and out.
 */
export class RawClient {
  private readonly decoder = new FrameDecoder({ side: 'client' })
  private readonly frames: Buffer[] = []
  private waiter: (() => void) | undefined
  private ended = false

  private constructor(
    readonly socket: Socket,
    readonly headerVersion: HeaderVersion,
  ) {
    socket.on('data', (chunk) => {
      try {
        for (const f of this.decoder.push(chunk)) this.frames.push(f.bytes)
      } catch {
        socket.destroy()
      }
      this.waiter?.()
    })
    socket.on('close', () => {
      this.ended = true
      this.waiter?.()
    })
    socket.on('error', () => undefined)
  }

  /** Connects; `headerVersion` 1 speaks the legacy 28-byte header. */
  static async connect(address: string, headerVersion: HeaderVersion = HeaderVersion.V2): Promise<RawClient> {
    const at = address.lastIndexOf(':')
    const socket = connect({ host: address.slice(0, at), port: Number(address.slice(at + 1)) })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('error', reject)
    })
    return new RawClient(socket, headerVersion)
  }

  /** Sends raw bytes. */
  write(bytes: Uint8Array): void {
    this.socket.write(bytes)
  }

  /** Waits for the next frame, or undefined when the server closed the connection. */
  async nextFrame(timeoutMs = 5000): Promise<Buffer | undefined> {
    const deadline = Date.now() + timeoutMs
    while (this.frames.length === 0 && !this.ended) {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('timed out waiting for a reply')), Math.max(1, deadline - Date.now()))
        this.waiter = () => {
          clearTimeout(t)
          this.waiter = undefined
          resolve()
        }
      })
    }
    return this.frames.shift()
  }

  /** The sys-info exchange. */
  async sysInfo(): Promise<SysInfoReply> {
    this.write(encodeSysInfoRequest())
    const f = await this.nextFrame()
    if (f === undefined) throw new Error('connection closed')
    return decodeSysInfoReply(f)
  }

  /** Sends a request and decodes its reply. */
  async request(req: SdbRequest): Promise<SdbReply> {
    this.write(encodeRequest(req, { headerVersion: this.headerVersion }))
    const f = await this.nextFrame()
    if (f === undefined) throw new Error('connection closed')
    return decodeReply(f, this.headerVersion).reply
  }

  /** Runs a `$command` query (flags WITH_RETURNDATA|CLOSE_EOF_CTX unless given). */
  command(name: string, condition: Record<string, unknown> = {}, extra: Partial<{ flags: number; selector: object; orderBy: object; hint: object }> = {}): Promise<SdbReply> {
    return this.request({
      kind: 'query',
      name: `$${name}`,
      flags: extra.flags ?? 0x80200,
      numToSkip: 0,
      numToReturn: -1,
      condition: condition as never,
      selector: (extra.selector ?? {}) as never,
      orderBy: (extra.orderBy ?? {}) as never,
      hint: (extra.hint ?? {}) as never,
    })
  }

  /** Whether the server has closed the connection. */
  get closed(): boolean {
    return this.ended
  }

  close(): void {
    this.socket.destroy()
  }
}
