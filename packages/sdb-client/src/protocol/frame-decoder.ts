/**
 * Splits a byte stream into whole messages (`pmdLocalSession.cpp: _recvSysInfoMsg`, `_readMsg`;
 * `client.c: _recv`). A length word of -1 starts a system-info frame of fixed size (12 bytes
 * towards a server, 128 towards a client); anything else is a message whose first i32 is its
 * total length, between the minimum header size and 512 MiB.
 */
import { ErrorCode, SdbProtocolError } from '../errors.js'
import { Sizes } from './constants.js'

/** One framed message. */
export interface Frame {
  /** 'sysInfo' for the -1 frames, 'message' otherwise. */
  readonly kind: 'sysInfo' | 'message'
  readonly bytes: Buffer
}

/** Options of {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** 'server' reads requests (12-byte sys-info frames); 'client' reads replies (128 bytes). */
  readonly side: 'server' | 'client'
  /** Smallest accepted message length; 28 until the peer is known to be V2, then 56. */
  readonly minLength?: number
  /** Largest accepted message length; default 512 MiB. */
  readonly maxLength?: number
}

/**
 * Accumulates chunks and returns the complete frames. An absurd length throws
 * {@link SdbProtocolError} before anything is allocated for it, and the decoder stays failed
 * (the stream can no longer be trusted).
 */
export class FrameDecoder {
  /** Current minimum length; raise it to 56 once the peer speaks V2. */
  minLength: number
  readonly maxLength: number
  private readonly sysInfoSize: number
  private chunks: Buffer[] = []
  private buffered = 0
  private failure: SdbProtocolError | undefined

  constructor(options: FrameDecoderOptions) {
    this.sysInfoSize = options.side === 'server' ? Sizes.SYS_INFO_REQUEST : Sizes.SYS_INFO_REPLY
    this.minLength = options.minLength ?? Sizes.HEADER_V1
    this.maxLength = options.maxLength ?? Sizes.MAX_MESSAGE
  }

  /** Bytes received but not yet part of a whole frame. */
  get pending(): number {
    return this.buffered
  }

  /** Adds a chunk and returns every frame it completes (possibly none). */
  push(chunk: Uint8Array): Frame[] {
    if (this.failure !== undefined) throw this.failure
    if (chunk.length > 0) {
      this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
      this.buffered += chunk.length
    }
    const frames: Frame[] = []
    for (;;) {
      if (this.buffered < 4) break
      const head = this.peek4()
      const length = head.readInt32LE(0)
      let kind: Frame['kind'] = 'message'
      let size = length
      if (length === -1) {
        kind = 'sysInfo'
        size = this.sysInfoSize
      } else if (length < this.minLength || length > this.maxLength) {
        this.failure = new SdbProtocolError(
          `Message length ${String(length)} is outside [${String(this.minLength)}, ${String(this.maxLength)}]`,
          ErrorCode.NET_BROKEN_MSG,
        )
        this.chunks = []
        this.buffered = 0
        throw this.failure
      }
      if (this.buffered < size) break
      frames.push({ kind, bytes: this.take(size) })
    }
    return frames
  }

  private peek4(): Buffer {
    const first = this.chunks[0]
    if (first !== undefined && first.length >= 4) return first
    return Buffer.concat(this.chunks).subarray(0, 4)
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]
    let out: Buffer
    if (first !== undefined && first.length >= n) {
      // A client decodes each reply at once and keeps nothing of the frame but LOB bytes, so a
      // view over the socket's chunk is enough; a server may hold request bytes, so it copies
      // (a view would pin the whole chunk).
      out = this.sysInfoSize === Sizes.SYS_INFO_REPLY ? first.subarray(0, n) : Buffer.from(first.subarray(0, n))
      if (first.length === n) this.chunks.shift()
      else this.chunks[0] = first.subarray(n)
    } else {
      // The frame spans chunks: one copy into a buffer of exactly its size.
      out = Buffer.allocUnsafe(n)
      let filled = 0
      while (filled < n) {
        const chunk = this.chunks[0]
        if (chunk === undefined) break
        const want = n - filled
        if (chunk.length <= want) {
          out.set(chunk, filled)
          filled += chunk.length
          this.chunks.shift()
        } else {
          out.set(chunk.subarray(0, want), filled)
          filled += want
          this.chunks[0] = chunk.subarray(want)
        }
      }
    }
    this.buffered -= n
    return out
  }
}
