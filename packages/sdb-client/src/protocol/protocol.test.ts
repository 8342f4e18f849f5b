import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type BsonDocument, Int32, toTypedJson } from '../bson.js'
import { SdbApiError, SdbProtocolError } from '../errors.js'
import {
  decodeReply,
  decodeRequest,
  encodeReply,
  encodeRequest,
  encodeSysInfoReply,
  encodeSysInfoRequest,
  FrameDecoder,
  HeaderVersion,
  InsertFlag,
  OpCode,
  type SdbReply,
  type SdbRequest,
} from './index.js'

const doc: fc.Arbitrary<BsonDocument> = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !k.includes('\0') && k !== '__proto__' && !/^\d+$/.test(k)),
  fc.oneof(
    fc.string({ maxLength: 7 }),
    fc.integer().map((n) => new Int32(n)),
    fc.boolean(),
    fc.constant(null),
  ),
  { maxKeys: 4 },
)
const name = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('\0'))
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
const i32 = fc.integer({ min: -2147483648, max: 2147483647 })
const common = { catalogVersion: i32, w: fc.integer({ min: -32768, max: 32767 }), padding: fc.constant(0) }

const request: fc.Arbitrary<SdbRequest> = fc.oneof(
  fc.record({
    kind: fc.constant('query' as const),
    opCode: fc.constantFrom(OpCode.QUERY, OpCode.SEQUENCE_FETCH),
    ...common,
    flags: i32,
    name,
    numToSkip: i64,
    numToReturn: i64,
    condition: doc,
    selector: doc,
    orderBy: doc,
    hint: doc,
  }),
  fc
    .record({ kind: fc.constant('insert' as const), ...common, flags: i32, name, documents: fc.array(doc, { minLength: 1, maxLength: 4 }) })
    .chain((r) =>
      fc.option(doc, { nil: undefined }).map((hint) =>
        hint === undefined
          ? { ...r, flags: r.flags & ~InsertFlag.HASHINT }
          : { ...r, flags: r.flags | InsertFlag.HASHINT, hint },
      ),
    ),
  fc.record({ kind: fc.constant('update' as const), ...common, flags: i32, name, condition: doc, rule: doc, hint: doc }),
  fc.record({ kind: fc.constant('delete' as const), ...common, flags: i32, name, condition: doc, hint: doc }),
  fc.record({ kind: fc.constant('aggregate' as const), ...common, flags: i32, name, pipeline: fc.array(doc, { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('getMore' as const), contextId: i64, numToReturn: i32 }),
  fc.record({ kind: fc.constant('killContexts' as const), contextIds: fc.array(i64, { maxLength: 5 }) }),
  fc.constantFrom({ kind: 'disconnect' as const }, { kind: 'interrupt' as const }, { kind: 'interruptSelf' as const }),
  fc.oneof(
    fc.constant({ kind: 'transBegin' as const }),
    i64.map((transId) => ({ kind: 'transBegin' as const, transId })),
    fc.constant({ kind: 'transCommit' as const }),
    doc.map((hint) => ({ kind: 'transCommit' as const, hint })),
    fc.constant({ kind: 'transRollback' as const }),
    fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => ({ kind: 'transRollback' as const, trailer: Buffer.from(b) })),
  ),
  fc.record({ kind: fc.constant('sql' as const), sql: name, padded: fc.boolean() }),
  fc.record({ kind: fc.constant('message' as const), text: name, padded: fc.boolean() }),
  fc.record({
    kind: fc.constant('auth' as const),
    opCode: fc.constantFrom(OpCode.AUTH_VERIFY, OpCode.AUTH_CREATE_USER, OpCode.AUTH_DELETE_USER, OpCode.AUTH_VERIFY1),
    document: doc,
    padded: fc.boolean(),
  }),
  fc
    .record({
      kind: fc.constant('lob' as const),
      opCode: fc.constantFrom(OpCode.LOB_OPEN, OpCode.LOB_WRITE, OpCode.LOB_READ, OpCode.LOB_CLOSE, OpCode.LOB_REMOVE),
      ...common,
      flags: i32,
      contextId: i64,
      meta: fc.option(doc.filter((d) => Object.keys(d).length > 0), { nil: undefined }),
      data: fc.uint8Array({ maxLength: 40 }),
      offset: i64,
    })
    .map(({ data, offset, meta, ...r }) => {
      const base = { ...r, ...(meta === undefined ? {} : { meta }) }
      if (r.opCode === OpCode.LOB_WRITE) return { ...base, tuple: { len: data.length, sequence: 0, offset }, data: Buffer.from(data) }
      if (r.opCode === OpCode.LOB_READ) return { ...base, tuple: { len: data.length, sequence: 0, offset } }
      return base
    }),
)

const headerArb = fc.record({
  headerVersion: fc.constantFrom(HeaderVersion.V1, HeaderVersion.V2),
  requestId: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  tid: fc.nat(0xffffffff),
  routeId: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
})

// Compares through typed JSON so BSON classes and bigint/number inputs compare by value and type.
function normal(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'bigint') return `${v.toString()}n`
      if (v instanceof Uint8Array || (typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer')) {
        return `bytes:${Buffer.from(v instanceof Uint8Array ? v : ((v as { data: number[] }).data)).toString('hex')}`
      }
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype) return v
      return v
    }),
  ) as unknown
}

describe('request codecs', () => {
  it('decode(encode(m)) = m for every request kind and both headers', () => {
    fc.assert(
      fc.property(request, headerArb, (req, header) => {
        const bytes = encodeRequest(req, header)
        expect(bytes.readInt32LE(0)).toBe(bytes.length)
        const { header: h, request: back } = decodeRequest(bytes, header.headerVersion)
        expect([h.requestId, h.tid, h.routeId]).toEqual([header.requestId, header.tid, header.routeId])
        expect(normal(toTypedJsonDeep(back))).toEqual(normal(toTypedJsonDeep(req)))
        expect(encodeRequest(back, header).equals(bytes)).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it('sizes each insert from the last one without letting messages share or lose bytes', () => {
    // Large after small (the buffer must grow past its guess), small after large (the guess is
    // far too big), then large again: each message stands alone and stays intact.
    const batch = (n: number, width: number): SdbRequest => ({
      kind: 'insert',
      name: 'cs.cl',
      flags: 0,
      documents: Array.from({ length: n }, (_, i) => ({ i: new Int32(i), s: 'x'.repeat(width) })),
    })
    const requests = [batch(3, 1), batch(500, 300), batch(2, 1), batch(800, 40), batch(1, 70_000), batch(2, 1)]
    const messages = requests.map((req) => encodeRequest(req))
    const copies = messages.map((m) => Buffer.from(m))
    for (const [i, m] of messages.entries()) {
      expect(m.readInt32LE(0)).toBe(m.length)
      expect(m.equals(copies[i]!)).toBe(true)
      const back = decodeRequest(m).request
      expect(back.kind === 'insert' ? back.documents : []).toEqual((requests[i] as { documents: unknown }).documents)
    }
    // A small message after a 70 KB record is trimmed, not a view of a buffer sized for 70 KB.
    expect(messages[5]!.buffer.byteLength).toBeLessThan(64 * 1024)
  })

  it('pads the documents of a query, and not an auth message (C driver forms)', () => {
    const q = encodeRequest({
      kind: 'query',
      flags: 0,
      name: '$list groups',
      numToSkip: 0,
      numToReturn: -1,
      condition: {},
      selector: {},
      orderBy: {},
      hint: {},
    })
    expect(q.length % 4).toBe(0)
    const auth = encodeRequest({ kind: 'auth', opCode: OpCode.AUTH_VERIFY, document: { User: '', Passwd: 'd41d8cd98f00b204e9800998ecf8427e' } }, { headerFlags: 1 })
    expect(auth.length).toBe(117)
  })

  it('decodes any bytes to a request or an SdbProtocolError, nothing else', () => {
    const valid = request.chain((r) => headerArb.map((h) => ({ bytes: encodeRequest(r, h), v: h.headerVersion })))
    fc.assert(
      fc.property(valid, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), ({ bytes, v }, at, junk) => {
        const mutated = Buffer.from(bytes)
        const pos = at % mutated.length
        mutated.set(junk.subarray(0, mutated.length - pos), pos)
        try {
          decodeRequest(mutated, v)
        } catch (e) {
          expect(e).toBeInstanceOf(SdbProtocolError)
        }
        try {
          decodeRequest(mutated.subarray(0, at % (mutated.length + 1)), v)
        } catch (e) {
          expect(e).toBeInstanceOf(SdbProtocolError)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('refuses a name whose length field lies, with code -6', () => {
    const bytes = encodeRequest({ kind: 'delete', flags: 0, name: 'cs.cl', condition: {}, hint: {} })
    bytes.writeInt32LE(4, 68)
    expect(() => decodeRequest(bytes)).toThrow(expect.objectContaining({ code: -6 }) as Error)
  })
})

function toTypedJsonDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toTypedJsonDeep)
  if (typeof value === 'bigint' || typeof value === 'number') return BigInt(value)
  if (value instanceof Uint8Array) return Buffer.from(value)
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || k === 'padded' || (k === 'opCode' && v === OpCode.QUERY)) continue
      out[k] = ['condition', 'selector', 'orderBy', 'hint', 'rule', 'document', 'meta'].includes(k)
        ? toTypedJson(v as BsonDocument)
        : k === 'documents' || k === 'pipeline'
          ? (v as BsonDocument[]).map((d) => toTypedJson(d))
          : toTypedJsonDeep(v)
    }
    return out
  }
  return value
}

const replyArb: fc.Arbitrary<SdbReply> = fc.oneof(
  fc.record({
    opCode: fc.constantFrom(OpCode.QUERY, OpCode.GET_MORE, OpCode.INSERT, OpCode.AUTH_VERIFY1, OpCode.LOB_CLOSE),
    contextId: i64,
    flags: i32,
    startFrom: i32,
    returnMask: fc.constant(0),
    dataLen: fc.constant(0),
    documents: fc.array(doc, { maxLength: 5 }),
  }).map((r) => ({ ...r, numReturned: r.documents.length })),
  fc.record({ contextId: i64, startFrom: i32, data: fc.uint8Array({ maxLength: 50 }), offset: i64 }).map((r) => ({
    opCode: OpCode.LOB_READ,
    contextId: r.contextId,
    flags: 0,
    startFrom: r.startFrom,
    numReturned: 1,
    returnMask: 0,
    dataLen: 0,
    documents: [],
    lobTuple: { len: r.data.length, sequence: 0, offset: r.offset },
    lobData: Buffer.from(r.data),
  })),
)

describe('reply codecs', () => {
  it('decode(encode(r)) = r, with no padding after the last document', () => {
    fc.assert(
      fc.property(replyArb, headerArb, (reply, header) => {
        const bytes = encodeReply(reply, header)
        const { reply: back } = decodeReply(bytes, header.headerVersion)
        const { documents, ...rest } = back
        const { documents: docs0, ...rest0 } = reply
        expect(normal(rest)).toEqual(normal(header.headerVersion === HeaderVersion.V1 ? { ...rest0, returnMask: 0, dataLen: 0 } : rest0))
        expect(documents.map((d) => toTypedJson(d))).toEqual(docs0.map((d) => toTypedJson(d)))
      }),
      { numRuns: 300 },
    )
  })

  it('decodes any corrupted reply to a reply or an SdbProtocolError, nothing else', () => {
    const valid = replyArb.chain((r) => headerArb.map((h) => ({ bytes: encodeReply(r, h), v: h.headerVersion })))
    fc.assert(
      fc.property(valid, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), ({ bytes, v }, at, junk) => {
        const mutated = Buffer.from(bytes)
        const pos = at % mutated.length
        mutated.set(junk.subarray(0, mutated.length - pos), pos)
        for (const candidate of [mutated, mutated.subarray(0, at % (mutated.length + 1))]) {
          try {
            decodeReply(candidate, v)
          } catch (e) {
            expect(e).toBeInstanceOf(SdbProtocolError)
          }
        }
      }),
      { numRuns: 300 },
    )
  })

  it('refuses to encode values that do not fit their fields, with SdbApiError', () => {
    expect(() => encodeRequest({ kind: 'getMore', contextId: 2n ** 63n, numToReturn: -1 })).toThrow(SdbApiError)
    expect(() => encodeRequest({ kind: 'getMore', contextId: 1.5, numToReturn: -1 })).toThrow(SdbApiError)
    expect(() => encodeRequest({ kind: 'delete', flags: 0, name: 'a\0b', condition: {}, hint: {} })).toThrow(SdbApiError)
    expect(() => encodeReply({ opCode: OpCode.QUERY, flags: 2 ** 31 })).toThrow(SdbApiError)
  })

  it('ends the message with the last document, unpadded', () => {
    const bytes = encodeReply({ opCode: OpCode.QUERY, documents: [{ a: 'x' }, { b: 'yy' }] })
    // {a:"x"} is 14 bytes -> padded to 16; {b:"yy"} is 15 bytes and stays 15.
    expect(bytes.length).toBe(84 + 16 + 15)
  })

  it('checks that a reply opCode has the reply bit', () => {
    const req = encodeRequest({ kind: 'getMore', contextId: 1n, numToReturn: -1 })
    expect(() => decodeReply(Buffer.concat([req, Buffer.alloc(16)]).subarray(0, 84))).toThrow(SdbProtocolError)
  })
})

describe('FrameDecoder', () => {
  const stream = fc
    .array(
      fc.oneof(
        request.map((r) => encodeRequest(r)),
        fc.constant(encodeSysInfoRequest()),
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((parts) => ({ parts, all: Buffer.concat(parts) }))

  it('frames any chunking of a stream the same', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), ({ parts, all }, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b)
        const d = new FrameDecoder({ side: 'server' })
        const frames: Buffer[] = []
        let prev = 0
        for (const p of [...points, all.length]) {
          frames.push(...d.push(all.subarray(prev, p)).map((f) => f.bytes))
          prev = p
        }
        expect(frames.map((f) => f.toString('hex'))).toEqual(parts.map((p) => p.toString('hex')))
        expect(d.pending).toBe(0)
      }),
      { numRuns: 300 },
    )
  })

  it('frames 128-byte sys-info replies on the client side', () => {
    const info = encodeSysInfoReply({ osType: 3, authVersion: 1, dbStartTime: 1n, version: 6, subVersion: 0, fixVersion: 0, globalId: Buffer.alloc(16) })
    const reply = encodeReply({ opCode: OpCode.QUERY })
    const d = new FrameDecoder({ side: 'client', minLength: 84 })
    const frames = d.push(Buffer.concat([info, reply]))
    expect(frames.map((f) => [f.kind, f.bytes.length])).toEqual([
      ['sysInfo', 128],
      ['message', 84],
    ])
  })

  it('refuses absurd lengths before allocating, and stays failed', () => {
    const d = new FrameDecoder({ side: 'server' })
    const bad = Buffer.alloc(4)
    bad.writeInt32LE(0x7fffffff, 0)
    expect(() => d.push(bad)).toThrow(SdbProtocolError)
    expect(() => d.push(encodeSysInfoRequest())).toThrow(SdbProtocolError)
    const small = new FrameDecoder({ side: 'server', minLength: 56 })
    const tiny = Buffer.alloc(4)
    tiny.writeInt32LE(28, 0)
    expect(() => small.push(tiny)).toThrow(/outside \[56/)
    const negative = new FrameDecoder({ side: 'client' })
    expect(() => negative.push(Buffer.from([0xfe, 0xff, 0xff, 0xff]))).toThrow(SdbProtocolError)
  })
})
