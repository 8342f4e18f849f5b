/**
 * One TCP connection to a coordinator or standalone node: connect, system-info probe, byte
 * order check, V1/V2 choice, authentication, then one request at a time in FIFO order, as the
 * official drivers do (`client.c: _sdbConnect`, `clientcpp.cpp: connect`, `_requestSysInfo`,
 * `_authVer1MsgProcess`; contract §2, §9, §1.5).
 */
import { EventEmitter } from 'node:events'
import { connect as netConnect, type Socket } from 'node:net'
import { Int32, type BsonDocument } from '../bson.js'
import {
  ErrorCode,
  SdbApiError,
  SdbError,
  SdbNetworkError,
  SdbProtocolError,
  SdbServerError,
  SdbTimeoutError,
} from '../errors.js'
import {
  decodeReply,
  decodeSysInfoReply,
  encodeRequest,
  encodeSysInfoRequest,
  expectsReply,
  FrameDecoder,
  HeaderFlag,
  HeaderVersion,
  OpCode,
  ReplyFlag,
  requestOpCode,
  Sizes,
  type SdbReply,
  type SdbRequest,
  type SysInfoReply,
} from '../protocol/index.js'
import {
  md5Hex,
  scramAuthMessage,
  scramClientProof,
  scramKeys,
  scramNonce,
  scramSaltedPassword,
  scramServerProof,
} from './scram.js'

/** Options of {@link Connection.connect}. Durations are in milliseconds. */
export interface ConnectOptions {
  readonly host: string
  readonly port: number
  /** User name; empty or omitted for a server without users. */
  readonly user?: string | undefined
  readonly password?: string | undefined
  /** Time allowed for TCP connect + probe + login. Default 10 000. */
  readonly connectTimeoutMs?: number | undefined
  /** Aborts the connect; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined
  /** Default time limit of each request (none when omitted). */
  readonly requestTimeoutMs?: number | undefined
  /**
   * Login method: 'auto' (default) does what the v6 C++/Java drivers do: SCRAM-SHA256 when the
   * server announces authVersion >= 1 (falling back to MD5 on -100), MD5 otherwise.
   */
  readonly auth?: 'auto' | 'md5' | 'scram' | undefined
  /** `Identify` sent in SCRAM step 2; any string is accepted by the server. */
  readonly identify?: string | undefined
}

/** Options of one {@link Connection.request}. */
export interface RequestOptions {
  /** Aborting fails the request with the signal's reason; in flight, it also drops the connection. */
  readonly signal?: AbortSignal | undefined
  /** Time limit; when it runs out in flight the connection is dropped (its stream is out of sync). */
  readonly timeoutMs?: number | undefined
}

interface Pending {
  readonly request: SdbRequest
  readonly wantsReply: boolean
  readonly resolve: (reply: SdbReply | undefined) => void
  readonly reject: (error: unknown) => void
  readonly signal: AbortSignal | undefined
  readonly timeoutMs: number | undefined
  timer: NodeJS.Timeout | undefined
  onAbort: (() => void) | undefined
  sent: boolean
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10000
const DEFAULT_IDENTIFY = 'Canopy_Session'

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError')
}

/**
 * A live, authenticated connection. Create it with {@link Connection.connect}.
 *
 * Requests are serialised: one in flight, the others queued in call order. An error reply
 * rejects with {@link SdbServerError} and leaves the connection usable, except reply flag -29
 * (end of cursor), which {@link Connection.request} RESOLVES with: the caller checks
 * `reply.flags === -29` (`ReplyFlag.END_OF_CURSOR`). A timeout, an abort in flight, a broken
 * or unexpected reply, or a socket error drops the connection: `closed` turns true and
 * 'close' is emitted once (with the error, if any).
 */
export class Connection extends EventEmitter {
  /** The system-info reply of the server. */
  readonly serverInfo: SysInfoReply
  /** 2 (56-byte headers) or 1 (28-byte headers, for servers older than v3). */
  readonly protocolVersion: HeaderVersion
  /** `host:port` of the peer. */
  readonly address: string

  readonly #socket: Socket
  readonly #decoder: FrameDecoder
  readonly #queue: Pending[] = []
  readonly #requestTimeoutMs: number | undefined
  #inFlight: Pending | undefined
  #nextRequestId = 1n
  #closed = false
  #closeEmitted = false

  private constructor(
    socket: Socket,
    decoder: FrameDecoder,
    serverInfo: SysInfoReply,
    address: string,
    requestTimeoutMs: number | undefined,
  ) {
    super()
    this.#socket = socket
    this.#decoder = decoder
    this.serverInfo = serverInfo
    this.protocolVersion = serverInfo.fingerprintValid ? HeaderVersion.V2 : HeaderVersion.V1
    this.address = address
    this.#requestTimeoutMs = requestTimeoutMs
    decoder.minLength = this.protocolVersion === HeaderVersion.V2 ? Sizes.REPLY_HEADER_V2 : Sizes.REPLY_HEADER_V1
    socket.on('data', (chunk: Buffer) => {
      this.#onData(chunk)
    })
    socket.on('error', (err) => {
      this.#fail(new SdbNetworkError(`Connection to ${address} failed: ${err.message}`, ErrorCode.NETWORK, { cause: err }))
    })
    socket.on('close', () => {
      this.#fail(this.#closed ? undefined : new SdbNetworkError(`Connection to ${address} was closed by the server`, ErrorCode.NETWORK_CLOSE))
    })
  }

  /**
   * Opens a connection: TCP connect, system-info probe (refusing a big-endian server), V1/V2
   * choice from the fingerprint, then login. Rejects with {@link SdbNetworkError} (-79) when
   * the address cannot be reached, {@link SdbTimeoutError} after `connectTimeoutMs`,
   * {@link SdbServerError} -179 on bad credentials, {@link SdbProtocolError} when the peer does
   * not speak the protocol, or the signal's reason when aborted.
   */
  static async connect(options: ConnectOptions): Promise<Connection> {
    const address = `${options.host}:${String(options.port)}`
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
    options.signal?.throwIfAborted()
    if (!Number.isInteger(options.port) || options.port <= 0 || options.port > 65535) {
      throw new SdbApiError(`Invalid port ${String(options.port)}`)
    }
    const socket = netConnect({ host: options.host, port: options.port })
    socket.setNoDelay(true)
    // Idle pooled connections must notice a peer that vanished without a FIN.
    socket.setKeepAlive(true, 30000)
    const decoder = new FrameDecoder({ side: 'client', minLength: Sizes.REPLY_HEADER_V1 })
    let connection: Connection | undefined
    let timer: NodeJS.Timeout | undefined
    let onAbort: (() => void) | undefined
    const interrupted = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new SdbTimeoutError(`Connecting to ${address} took longer than ${String(timeoutMs)} ms`))
      }, timeoutMs)
      if (options.signal !== undefined) {
        const signal = options.signal
        onAbort = () => {
          reject(abortReason(signal))
        }
        signal.addEventListener('abort', onAbort, { once: true })
      }
    })
    try {
      const handshake = (async () => {
        await waitConnected(socket, address)
        const info = await probe(socket, decoder, address)
        connection = new Connection(socket, decoder, info, address, options.requestTimeoutMs)
        await connection.#login(options)
        return connection
      })()
      handshake.catch(() => undefined)
      return await Promise.race([handshake, interrupted])
    } catch (error) {
      if (connection === undefined) socket.destroy()
      // After a refused login the C++ driver still says goodbye with a disconnect (2008).
      else if (error instanceof SdbServerError) void connection.close()
      else connection.#destroy(error instanceof Error ? error : undefined)
      throw error
    } finally {
      clearTimeout(timer)
      if (onAbort !== undefined) options.signal?.removeEventListener('abort', onAbort)
    }
  }

  /** True once the connection is closed or broken; it never reopens. */
  get closed(): boolean {
    return this.#closed
  }

  /** Requests queued or in flight. */
  get pendingRequests(): number {
    return this.#queue.length + (this.#inFlight === undefined ? 0 : 1)
  }

  /**
   * Sends a request and resolves with its reply. Error replies reject with
   * {@link SdbServerError}, except -29 (end of cursor), which resolves: check `reply.flags`.
   * Rejects with {@link SdbApiError} for a message that has no reply (use {@link send}).
   */
  request(request: SdbRequest, options: RequestOptions = {}): Promise<SdbReply> {
    if (!expectsReply(request)) {
      return Promise.reject(new SdbApiError(`Opcode ${String(requestOpCode(request))} has no reply: use send()`))
    }
    return this.#enqueue(request, true, options).then((reply) => {
      if (reply === undefined) throw new SdbProtocolError('No reply received', ErrorCode.UNEXPECTED_RESULT)
      return reply
    })
  }

  /**
   * Sends a message the server does not answer (disconnect, interrupt, interrupt-self), after
   * every request queued before it; resolves once it is written.
   */
  async send(request: SdbRequest, options: RequestOptions = {}): Promise<void> {
    if (expectsReply(request)) throw new SdbApiError(`Opcode ${String(requestOpCode(request))} expects a reply: use request()`)
    await this.#enqueue(request, false, options)
  }

  /**
   * Sends a disconnect (2008) when the connection is still up, then closes the socket.
   * Idempotent; queued requests fail with {@link SdbNetworkError}.
   */
  async close(): Promise<void> {
    if (this.#closed) {
      if (!this.#socket.destroyed) await new Promise<void>((resolve) => this.#socket.once('close', () => { resolve() }))
      return
    }
    this.#closed = true
    const error = new SdbNetworkError(`Connection to ${this.address} was closed`, ErrorCode.NOT_CONNECTED)
    this.#rejectAll(error)
    const closedPromise = new Promise<void>((resolve) => {
      if (this.#socket.destroyed) resolve()
      else this.#socket.once('close', () => { resolve() })
    })
    if (this.#socket.writable) this.#endSocket(this.#encode({ kind: 'disconnect' }))
    else this.#socket.destroy()
    await closedPromise
    this.#emitClose(undefined)
  }

  /** 'close' fires once when the connection ends; its argument is the error that broke it, if any. */
  override on(event: 'close', listener: (error: Error | undefined) => void): this
  override on(event: string | symbol, listener: Parameters<EventEmitter['on']>[1]): this {
    return super.on(event, listener)
  }

  /** Like {@link Connection.on}, for one event only. */
  override once(event: 'close', listener: (error: Error | undefined) => void): this
  override once(event: string | symbol, listener: Parameters<EventEmitter['once']>[1]): this {
    return super.once(event, listener)
  }

  #encode(request: SdbRequest): Buffer {
    const op = requestOpCode(request)
    // The C driver asks for result detail on insert, update and MD5 auth (contract §3.3).
    const headerFlags =
      op === OpCode.INSERT || op === OpCode.UPDATE || op === OpCode.AUTH_VERIFY ? HeaderFlag.RESULT_DETAIL : 0
    const requestId = this.#nextRequestId
    this.#nextRequestId = requestId === 2n ** 64n - 1n ? 1n : requestId + 1n
    return encodeRequest(request, { headerVersion: this.protocolVersion, requestId, headerFlags })
  }

  #enqueue(request: SdbRequest, wantsReply: boolean, options: RequestOptions): Promise<SdbReply | undefined> {
    if (this.#closed) {
      return Promise.reject(new SdbNetworkError(`Connection to ${this.address} is closed`, ErrorCode.NOT_CONNECTED))
    }
    if (options.signal?.aborted === true) return Promise.reject(abortReason(options.signal))
    return new Promise<SdbReply | undefined>((resolve, reject) => {
      const pending: Pending = {
        request,
        wantsReply,
        resolve,
        reject,
        signal: options.signal,
        timeoutMs: options.timeoutMs ?? this.#requestTimeoutMs,
        timer: undefined,
        onAbort: undefined,
        sent: false,
      }
      if (pending.timeoutMs !== undefined) {
        const ms = pending.timeoutMs
        pending.timer = setTimeout(() => {
          this.#abandon(pending, new SdbTimeoutError(`Request ${String(requestOpCode(request))} to ${this.address} took longer than ${String(ms)} ms`))
        }, ms)
      }
      if (options.signal !== undefined) {
        const signal = options.signal
        pending.onAbort = () => {
          this.#abandon(pending, abortReason(signal))
        }
        signal.addEventListener('abort', pending.onAbort, { once: true })
      }
      this.#queue.push(pending)
      this.#pump()
    })
  }

  #settle(p: Pending): void {
    clearTimeout(p.timer)
    if (p.onAbort !== undefined) p.signal?.removeEventListener('abort', p.onAbort)
  }

  /** A request gives up: queued, it just leaves the queue; in flight, the stream is lost. */
  #abandon(p: Pending, error: unknown): void {
    this.#settle(p)
    const at = this.#queue.indexOf(p)
    if (at >= 0) {
      this.#queue.splice(at, 1)
      p.reject(error)
      return
    }
    if (this.#inFlight === p) {
      this.#inFlight = undefined
      p.reject(error)
      this.#destroy(error instanceof Error ? error : undefined)
    }
  }

  #pump(): void {
    while (this.#inFlight === undefined && !this.#closed) {
      const next = this.#queue.shift()
      if (next === undefined) return
      let bytes: Buffer
      try {
        bytes = this.#encode(next.request)
      } catch (error) {
        this.#settle(next)
        next.reject(error)
        continue
      }
      next.sent = true
      if (next.wantsReply) {
        this.#inFlight = next
        this.#socket.write(bytes)
      } else {
        this.#socket.write(bytes, () => {
          this.#settle(next)
          next.resolve(undefined)
        })
        if (requestOpCode(next.request) === OpCode.DISCONNECT) {
          // The server ends the session on 2008 (contract §7.7): so do we.
          this.#closed = true
          this.#rejectAll(new SdbNetworkError(`Connection to ${this.address} was closed`, ErrorCode.NOT_CONNECTED))
          this.#endSocket()
          return
        }
      }
    }
  }

  #onData(chunk: Buffer): void {
    let frames
    try {
      frames = this.#decoder.push(chunk)
    } catch (error) {
      // The broken bytes were the in-flight request's reply: it gets the protocol error itself.
      const pending = this.#inFlight
      this.#inFlight = undefined
      if (pending !== undefined) {
        this.#settle(pending)
        pending.reject(error)
      }
      this.#destroy(error instanceof Error ? error : undefined)
      return
    }
    for (const frame of frames) {
      const pending = this.#inFlight
      if (pending === undefined || frame.kind !== 'message') {
        this.#destroy(new SdbProtocolError(`Unexpected ${frame.kind} frame from ${this.address}`, ErrorCode.UNEXPECTED_RESULT))
        return
      }
      let reply: SdbReply
      try {
        reply = decodeReply(frame.bytes, this.protocolVersion).reply
      } catch (error) {
        this.#inFlight = undefined
        this.#settle(pending)
        pending.reject(error)
        this.#destroy(error instanceof Error ? error : undefined)
        return
      }
      const expected = requestOpCode(pending.request)
      this.#inFlight = undefined
      this.#settle(pending)
      if (reply.opCode !== expected) {
        // The C driver drops the connection on a mismatched reply (contract §4.5).
        const error = new SdbProtocolError(
          `Reply opcode ${String(reply.opCode)} does not answer request ${String(expected)}`,
          ErrorCode.UNEXPECTED_RESULT,
        )
        pending.reject(error)
        this.#destroy(error)
        return
      }
      if (reply.flags !== 0 && reply.flags !== ReplyFlag.END_OF_CURSOR) {
        pending.reject(SdbServerError.fromReply(reply.flags, reply.documents[0]))
      } else {
        pending.resolve(reply)
      }
    }
    this.#pump()
  }

  /** Half-closes after `last`; a server that never closes its side must not keep us waiting. */
  #endSocket(last?: Buffer): void {
    if (last === undefined) this.#socket.end()
    else this.#socket.end(last)
    setTimeout(() => this.#socket.destroy(), 1000).unref()
  }

  #rejectAll(error: Error): void {
    const all = [...(this.#inFlight === undefined ? [] : [this.#inFlight]), ...this.#queue.splice(0)]
    this.#inFlight = undefined
    for (const p of all) {
      this.#settle(p)
      p.reject(error)
    }
  }

  #fail(error: Error | undefined): void {
    this.#closed = true
    // Requests still waiting did nothing wrong: they learn that the connection went away.
    const forPending =
      error === undefined
        ? new SdbNetworkError(`Connection to ${this.address} was closed`, ErrorCode.NETWORK_CLOSE)
        : error instanceof SdbNetworkError
          ? error
          : new SdbNetworkError(`Connection to ${this.address} was dropped: ${error.message}`, ErrorCode.NETWORK, { cause: error })
    this.#rejectAll(forPending)
    this.#emitClose(error)
  }

  #destroy(error: Error | undefined): void {
    if (!this.#socket.destroyed) this.#socket.destroy()
    this.#fail(error ?? new SdbNetworkError(`Connection to ${this.address} was dropped`, ErrorCode.NETWORK))
  }

  #emitClose(error: Error | undefined): void {
    if (this.#closeEmitted) return
    this.#closeEmitted = true
    this.emit('close', error)
  }

  async #login(options: ConnectOptions): Promise<void> {
    const user = options.user ?? ''
    const password = options.password ?? ''
    const method = options.auth ?? 'auto'
    const scram = method === 'scram' || (method === 'auto' && this.serverInfo.authVersion >= 1)
    if (scram) {
      try {
        await this.#scram(user, password, options.identify ?? DEFAULT_IDENTIFY)
        return
      } catch (error) {
        // A server (or catalog) too old for 7003 answers -100: retry with MD5 (contract §9.4).
        if (!(error instanceof SdbServerError && error.code === ErrorCode.UNKNOWN_MESSAGE)) throw error
      }
    }
    await this.request({
      kind: 'auth',
      opCode: OpCode.AUTH_VERIFY,
      document: { User: user, Passwd: md5Hex(password) },
    })
  }

  async #scram(user: string, password: string, identify: string): Promise<void> {
    const clientNonce = scramNonce()
    const step1 = await this.request({
      kind: 'auth',
      opCode: OpCode.AUTH_VERIFY1,
      document: { Step: new Int32(1), User: user, Nonce: clientNonce, Type: new Int32(0) },
    })
    const challenge = step1.documents[0]
    // An empty success means the server needs no authentication (contract §9.1).
    if (challenge === undefined) return
    const salt = stringField(challenge, 'Salt')
    const combinedNonce = stringField(challenge, 'Nonce')
    const iterationCount = numberField(challenge, 'IterationCount')
    if (!combinedNonce.startsWith(clientNonce)) {
      throw new SdbProtocolError('SCRAM step 1 reply does not extend the client nonce', ErrorCode.AUTH_AUTHORITY_FORBIDDEN)
    }
    if (iterationCount < 1 || iterationCount > 10_000_000) {
      throw new SdbProtocolError(`SCRAM iteration count ${String(iterationCount)} is not acceptable`)
    }
    const keys = scramKeys(await scramSaltedPassword(md5Hex(password), salt, iterationCount))
    const authMessage = scramAuthMessage({ user, combinedNonce, iterationCount, salt, identify })
    const step2 = await this.request({
      kind: 'auth',
      opCode: OpCode.AUTH_VERIFY1,
      document: {
        Step: new Int32(2),
        User: user,
        Nonce: combinedNonce,
        Identify: identify,
        Proof: scramClientProof(keys, authMessage),
        Type: new Int32(0),
      },
    })
    const result = step2.documents[0]
    if (result === undefined) throw new SdbProtocolError('SCRAM step 2 reply has no document', ErrorCode.AUTH_AUTHORITY_FORBIDDEN)
    if (numberField(result, 'Step') !== 2 || stringField(result, 'Proof') !== scramServerProof(keys.serverKey, authMessage)) {
      // The server could not prove it knows the password: treat as a failed login, like the C++ driver.
      throw new SdbServerError(ErrorCode.AUTH_AUTHORITY_FORBIDDEN, { detail: 'The server proof does not match' })
    }
  }
}

function stringField(doc: BsonDocument, name: string): string {
  const v = doc[name]
  if (typeof v !== 'string') throw new SdbProtocolError(`Authentication reply lacks the string field ${name}`, ErrorCode.SYS)
  return v
}

function numberField(doc: BsonDocument, name: string): number {
  const v = doc[name]
  if (typeof v === 'number') return v
  if (v instanceof Int32) return v.value
  throw new SdbProtocolError(`Authentication reply lacks the int32 field ${name}`, ErrorCode.SYS)
}

function waitConnected(socket: Socket, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      socket.off('connect', onConnect)
      reject(new SdbNetworkError(`Unable to connect to ${address}: ${err.message}`, ErrorCode.NET_CANNOT_CONNECT, { cause: err }))
    }
    const onConnect = (): void => {
      socket.off('error', onError)
      resolve()
    }
    socket.once('error', onError)
    socket.once('connect', onConnect)
  })
}

/** Sends the 12-byte probe and reads the 128-byte reply (`clientcpp.cpp: _requestSysInfo`). */
function probe(socket: Socket, decoder: FrameDecoder, address: string): Promise<SysInfoReply> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      socket.off('data', onData)
      socket.off('error', onError)
      socket.off('close', onClose)
    }
    const onError = (err: Error): void => {
      cleanup()
      reject(new SdbNetworkError(`Connection to ${address} failed: ${err.message}`, ErrorCode.NETWORK, { cause: err }))
    }
    const onClose = (): void => {
      cleanup()
      reject(new SdbNetworkError(`${address} closed the connection during the handshake`, ErrorCode.NETWORK_CLOSE))
    }
    const onData = (chunk: Buffer): void => {
      try {
        const frames = decoder.push(chunk)
        if (frames.length === 0) return
        cleanup()
        const [first, ...rest] = frames
        if (first?.kind !== 'sysInfo' || rest.length > 0 || decoder.pending > 0) {
          throw new SdbProtocolError(`${address} did not answer the system-info probe`, ErrorCode.UNEXPECTED_RESULT)
        }
        const info = decodeSysInfoReply(first.bytes)
        if (info.byteOrder !== 'little') {
          throw new SdbProtocolError(`${address} is a big-endian server, which this driver does not support`, ErrorCode.INVALIDARG)
        }
        resolve(info)
      } catch (error) {
        cleanup()
        reject(error instanceof SdbError ? error : new SdbProtocolError(String(error)))
      }
    }
    socket.on('data', onData)
    socket.once('error', onError)
    socket.once('close', onClose)
    socket.write(encodeSysInfoRequest())
  })
}
