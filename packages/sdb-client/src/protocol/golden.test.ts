import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { toTypedJson } from '../bson.js'
import {
  decodeReply,
  decodeRequest,
  decodeSysInfoReply,
  decodeSysInfoRequest,
  encodeReply,
  encodeRequest,
  encodeSysInfoReply,
  encodeSysInfoRequest,
  HeaderVersion,
  type MessageHeader,
  type SdbRequest,
} from './index.js'

interface Mask {
  offset: number
  length: number
}
interface CapturedRequest {
  hex: string
  opCode: number
  mask: Mask[]
  note: string
}
interface Exchange {
  direction: 'request' | 'reply'
  opCode: number
  hex: string
  connection: number
  seqOnConnection: number
}

const dir = new URL('../../../../../shared/wire-vectors/', import.meta.url)
const load = (name: string): unknown => JSON.parse(readFileSync(new URL(name, dir), 'utf8'))

const cDriver = load('c-driver-requests.json') as { name: string; requests: CapturedRequest[] }[]
const exchangeFiles = [
  ['standalone', 'real-server-standalone-exchanges.json', HeaderVersion.V2],
  ['cluster', 'real-server-cluster-exchanges.json', HeaderVersion.V2],
  ['scram', 'real-server-scram-exchanges.json', HeaderVersion.V2],
  ['v1', 'real-server-v1-exchanges.json', HeaderVersion.V1],
  ['lob', 'real-server-lob-exchanges.json', HeaderVersion.V1],
] as const

function headerOptions(h: MessageHeader): Parameters<typeof encodeRequest>[1] {
  return {
    headerVersion: h.headerVersion,
    requestId: h.requestId,
    tid: h.tid,
    routeId: h.routeId,
    headerFlags: h.headerFlags,
    globalId: h.globalId,
    version: h.version,
    reserve: h.reserve,
  }
}

/**
 * Offsets of the alignment gaps and padding fields of a message: the official drivers and the
 * real server never write them, so a capture holds stale bytes there where we write zeros.
 */
function gapOffsets(msg: Buffer, v: HeaderVersion, direction: 'request' | 'reply'): Set<number> {
  const gaps = new Set<number>()
  const addRange = (from: number, to: number): void => {
    for (let i = from; i < Math.min(to, msg.length); i++) gaps.add(i)
  }
  const align = (n: number): number => (n + 3) & ~3
  const walkDocs = (from: number, max = Infinity): number => {
    let p = from
    for (let k = 0; k < max && p + 5 <= msg.length; k++) {
      const size = msg.readInt32LE(p)
      if (size === 0) {
        p += 4 // the insert hint marker
        continue
      }
      addRange(p + size, align(p + size))
      p = align(p + size)
    }
    return p
  }
  const base = v === HeaderVersion.V1 ? 28 : 56
  const op = msg.readInt32LE(v === HeaderVersion.V1 ? 4 : 28) & 0x7fffffff
  if (direction === 'reply') {
    walkDocs(v === HeaderVersion.V1 ? 48 : 84, msg.readInt32LE(v === HeaderVersion.V1 ? 44 : 72))
    return gaps
  }
  if ([2001, 2002, 2004, 2006, 2019, 2022].includes(op)) {
    addRange(base + 6, base + 8)
    const nameStart = base + (op === 2004 || op === 2022 ? 32 : 16)
    const after = nameStart + msg.readInt32LE(base + 12) + 1
    addRange(after, align(after))
    walkDocs(align(after))
  } else if (op >= 8001 && op <= 8010) {
    addRange(base + 6, base + 8)
    const bsonLen = msg.readUInt32LE(base + 20)
    addRange(base + 24 + bsonLen, align(base + 24 + bsonLen))
    const tupleAt = align(base + 24 + bsonLen)
    if (msg.length >= tupleAt + 16) addRange(tupleAt + 16 + msg.readUInt32LE(tupleAt), msg.length)
  } else if (op >= 7000 && op <= 7003) {
    addRange(base + msg.readInt32LE(base), msg.length)
  }
  return gaps
}

function expectSameOutsideGaps(again: Buffer, original: Buffer, gaps: Set<number>): void {
  expect(again.length).toBe(original.length)
  const differing: number[] = []
  for (let i = 0; i < original.length; i++) {
    if (again[i] !== original[i] && !(gaps.has(i) && again[i] === 0)) differing.push(i)
  }
  expect(differing).toEqual([])
}

function masked(bytes: Buffer, masks: readonly Mask[]): string {
  const copy = Buffer.from(bytes)
  for (const m of masks) copy.fill(0, m.offset, Math.min(copy.length, m.offset + m.length))
  return copy.toString('hex')
}

describe('golden bytes: requests of the official C driver', () => {
  const all = cDriver.flatMap((v) => v.requests.map((r) => ({ name: v.name, ...r })))

  it('covers the expected request kinds', () => {
    expect(all.length).toBe(84)
  })

  it.each(all.map((r, i) => [`${r.name} #${String(i)} (${String(r.opCode)})`, r] as const))(
    '%s decodes and re-encodes identically outside the masks',
    (_label, r) => {
      const bytes = Buffer.from(r.hex, 'hex')
      if (r.opCode === -1) {
        expect(decodeSysInfoRequest(bytes).byteOrder).toBe('little')
        expect(encodeSysInfoRequest().equals(bytes)).toBe(true)
        return
      }
      const { header, request } = decodeRequest(bytes, HeaderVersion.V2)
      expect(request.kind).not.toBe('unknown')
      const again = encodeRequest(request, headerOptions(header))
      expect(again.length).toBe(bytes.length)
      expect(masked(again, r.mask)).toBe(masked(bytes, r.mask))
    },
  )

  it('reads the fields a command carries', () => {
    const cs = cDriver.find((v) => v.name === 'create_cs_pagesize_16k')?.requests.find((r) => r.opCode === 2004)
    const { request } = decodeRequest(Buffer.from(cs?.hex ?? '', 'hex'))
    expect(request).toMatchObject({ kind: 'query', name: '$create collectionspace', numToSkip: -1n, numToReturn: -1n, flags: 0 })
    expect(toTypedJson((request as Extract<SdbRequest, { kind: 'query' }>).condition)).toEqual({
      Name: 'wirecs',
      PageSize: { $numberInt: '16384' },
    })
  })
})

describe.each(exchangeFiles)('golden bytes: real server exchanges (%s)', (_label, file, version) => {
  const ops = load(file) as { name: string; exchanges: Exchange[] }[]
  const all = ops.flatMap((o) => o.exchanges.map((e) => ({ name: o.name, ...e })))

  it.each(all.map((e, i) => [`${e.name} #${String(i)} ${e.direction} ${String(e.opCode)}`, e] as const))(
    '%s decodes and re-encodes byte for byte (zeros in the never-written gaps)',
    (_l, e) => {
      const bytes = Buffer.from(e.hex, 'hex')
      if (e.opCode === -1 && e.direction === 'request') {
        expect(encodeSysInfoRequest(decodeSysInfoRequest(bytes).byteOrder).equals(bytes)).toBe(true)
        return
      }
      if (e.opCode === -1) {
        const info = decodeSysInfoReply(bytes)
        expect(info.fingerprintValid).toBe(true)
        expect(info.byteOrder).toBe('little')
        expect(encodeSysInfoReply(info).equals(bytes)).toBe(true)
        return
      }
      if (e.direction === 'request') {
        const { header, request } = decodeRequest(bytes, version)
        expect(request.kind).not.toBe('unknown')
        expectSameOutsideGaps(encodeRequest(request, headerOptions(header)), bytes, gapOffsets(bytes, version, 'request'))
        return
      }
      const { header, reply } = decodeReply(bytes, version)
      const again = encodeReply(reply, {
        headerVersion: header.headerVersion,
        requestId: header.requestId,
        tid: header.tid,
        routeId: header.routeId,
        globalId: header.globalId,
      })
      expectSameOutsideGaps(again, bytes, gapOffsets(bytes, version, 'reply'))
      if (reply.flags !== 0 && reply.flags !== -29) {
        expect(reply.documents[0]?.['errno']).toBeDefined()
      }
    },
  )
})

describe('golden bytes: contract examples', () => {
  it('builds the getMore of contract §14.5', () => {
    const hex =
      '44000000000000000000000000000000000000000000000000000000d5070000' +
      '0200000000000000000000000000000000000000000000000500000000000000ffffffff'
    expect(encodeRequest({ kind: 'getMore', contextId: 5n, numToReturn: -1 }).toString('hex')).toBe(hex)
  })

  it('builds the empty query reply and the -33 error object of contract §4.4', () => {
    const empty = encodeReply({ opCode: 2004 })
    expect(empty.length).toBe(84)
    expect(empty.subarray(56, 64).toString('hex')).toBe('ffffffffffffffff')
    expect(empty.readInt32LE(28)).toBe(-2147481644)
    const err = encodeReply({
      opCode: 2004,
      flags: -33,
      documents: [{ errno: -33, description: 'Collection space already exists', detail: '' }],
    })
    expect(err.length).toBe(84 + 78)
  })

  it('builds the sys-info reply example of contract §2.3', () => {
    const b = encodeSysInfoReply({
      osType: 3,
      authVersion: 1,
      dbStartTime: 1700000000n,
      version: 6,
      subVersion: 0,
      fixVersion: 0,
      globalId: Buffer.alloc(16),
    })
    expect(b.subarray(124).toString('hex')).toBe('410484e6')
    expect(decodeSysInfoReply(b).fingerprintValid).toBe(true)
    expect(decodeSysInfoReply(encodeSysInfoReply(decodeSysInfoReply(b), { legacy: true })).fingerprintValid).toBe(false)
  })
})
