import { Readable, Writable } from 'node:stream'
import type { BsonDocument, ObjectId } from '../bson.js'
import { numberOf } from '../operations/numbers.js'
import { SdbApiError, SdbProtocolError } from '../errors.js'
import type { OperationConnection, OperationExecutor, OperationOptions } from '../operations/executor.js'
import { lobCloseRequest, lobReadRequest, lobWriteRequest } from '../operations/requests.js'

/** Where `seek` counts from. */
export type LobSeekOrigin = 'set' | 'current' | 'end'

/** Bytes sent per write message (the Java driver's default piece). */
const WRITE_CHUNK = 512 * 1024
/** Bytes asked per read message when streaming. */
const READ_CHUNK = 256 * 1024

/**
 * An open large object (opCodes 8001-8010). It holds one connection, where its server context
 * lives, until `close()`. Write mode appends (or writes at the position `seek` chose); read
 * mode reads from the current position.
 */
export class Lob {
  readonly id: ObjectId
  readonly mode: 'write' | 'read'
  readonly #executor: OperationExecutor<OperationConnection>
  readonly #connection: OperationConnection
  readonly #release: (broken: boolean) => void
  readonly #contextId: bigint
  #size: number
  #position = 0
  #explicitPosition = false
  #closed = false
  #meta: BsonDocument

  /** @internal Opened through `Collection.createLob` / `Collection.openLob`. */
  constructor(init: {
    executor: OperationExecutor<OperationConnection>
    connection: OperationConnection
    release: (broken: boolean) => void
    contextId: bigint
    id: ObjectId
    mode: 'write' | 'read'
    meta: BsonDocument
  }) {
    this.#executor = init.executor
    this.#connection = init.connection
    this.#release = init.release
    this.#contextId = init.contextId
    this.id = init.id
    this.mode = init.mode
    this.#meta = init.meta
    this.#size = numberOf(init.meta['Size']) ?? 0
  }

  /** Size in bytes as known to this handle (grows as you write). */
  get size(): number {
    return this.#size
  }

  /** The current position. */
  get position(): number {
    return this.#position
  }

  /** The meta document of the server (Size, CreateTime, ModificationTime, LobPageSize, ...). */
  get meta(): BsonDocument {
    return this.#meta
  }

  /** True after `close()`. */
  get closed(): boolean {
    return this.#closed
  }

  /** Moves the position (client side only; the next read or write uses it). */
  seek(offset: number, origin: LobSeekOrigin = 'set'): number {
    this.#assertOpen()
    const base = origin === 'set' ? 0 : origin === 'current' ? this.#position : this.#size
    const target = base + offset
    if (!Number.isSafeInteger(target) || target < 0) throw new SdbApiError(`cannot seek to ${target}`)
    this.#position = target
    this.#explicitPosition = true
    return target
  }

  /** Writes bytes at the current position (write mode), in pieces of at most 512 KiB. */
  async write(data: Uint8Array, options?: OperationOptions): Promise<void> {
    this.#assertOpen()
    if (this.mode !== 'write') throw new SdbApiError('this LOB was opened for reading')
    for (let at = 0; at < data.length; at += WRITE_CHUNK) {
      const piece = data.subarray(at, Math.min(data.length, at + WRITE_CHUNK))
      // -1 = append, as the legacy drivers send; an explicit offset only after a seek.
      const offset = this.#explicitPosition ? BigInt(this.#position) : -1n
      await this.#send(lobWriteRequest(this.#contextId, piece, offset), options)
      this.#position += piece.length
      this.#size = Math.max(this.#size, this.#position)
    }
  }

  /** Reads up to `length` bytes from the current position; an empty buffer at the end. */
  async read(length: number, options?: OperationOptions): Promise<Buffer> {
    this.#assertOpen()
    if (this.mode !== 'read') throw new SdbApiError('this LOB was opened for writing')
    if (!Number.isSafeInteger(length) || length < 0) throw new SdbApiError('the read length must be a non-negative integer')
    const wanted = Math.min(length, this.#size - this.#position)
    if (wanted <= 0) return Buffer.alloc(0)
    const reply = await this.#send(lobReadRequest(this.#contextId, wanted, BigInt(this.#position)), options)
    const data = reply.lobData
    if (data === undefined) throw new SdbProtocolError('the LOB read reply carries no data')
    // A server that returns nothing before the size it announced: the LOB ends here (no endless loop).
    if (data.length === 0) this.#size = this.#position
    this.#position += data.length
    return Buffer.from(data.buffer, data.byteOffset, data.length)
  }

  /** Reads everything from the current position to the end. */
  async readAll(options?: OperationOptions): Promise<Buffer> {
    const parts: Buffer[] = []
    for (let part = await this.read(READ_CHUNK, options); part.length > 0; part = await this.read(READ_CHUNK, options)) parts.push(part)
    return Buffer.concat(parts)
  }

  /** Closes the LOB (8006) and frees its connection. Safe to call repeatedly. */
  async close(options?: OperationOptions): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    let broken = false
    try {
      const reply = await this.#executor.requestOn(this.#connection, lobCloseRequest(this.#contextId), options)
      const meta = reply.documents[0]
      if (meta !== undefined) {
        this.#meta = meta
        this.#size = numberOf(meta['Size']) ?? this.#size
      }
    } catch (error) {
      broken = !this.#connection.closed
      throw error
    } finally {
      this.#release(broken)
    }
  }

  /** A readable stream of the LOB from the current position; it closes the LOB at the end. */
  createReadStream(options: { chunkSize?: number } = {}): Readable {
    const chunkSize = options.chunkSize ?? READ_CHUNK
    const stream: Readable = new Readable({
      read: () => {
        this.read(chunkSize).then(
          (chunk) => {
            if (chunk.length > 0) {
              stream.push(chunk)
              return
            }
            this.close().then(() => stream.push(null), (error: unknown) => stream.destroy(error as Error))
          },
          (error: unknown) => stream.destroy(error as Error),
        )
      },
      destroy: (error, callback) => {
        this.close().then(() => { callback(error) }, (closeError: unknown) => { callback(error ?? (closeError as Error)) })
      },
    })
    return stream
  }

  /** A writable stream into the LOB; ending it closes the LOB. */
  createWriteStream(): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        this.write(chunk).then(() => callback(), (error: unknown) => callback(error as Error))
      },
      final: (callback) => {
        this.close().then(() => callback(), (error: unknown) => callback(error as Error))
      },
      destroy: (error, callback) => {
        this.close().then(() => callback(error), (closeError: unknown) => callback(error ?? (closeError as Error)))
      },
    })
  }

  #assertOpen(): void {
    if (this.#closed) throw new SdbApiError('the LOB is closed')
  }

  async #send(request: Parameters<OperationExecutor<OperationConnection>['requestOn']>[1], options?: OperationOptions) {
    try {
      return await this.#executor.requestOn(this.#connection, request, options)
    } catch (error) {
      if (this.#connection.closed) {
        this.#closed = true
        this.#release(true)
      }
      throw error
    }
  }
}
