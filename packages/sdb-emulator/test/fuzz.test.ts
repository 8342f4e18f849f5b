import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorInternals } from '../src/server/emulator.js'
import { RawClient } from './raw-client.js'

/**
 * Random and mutated frames: the emulator must never crash, and must keep answering a
 * well-formed request afterwards. The seeds are the C driver's request vectors.
 */

const VECTORS = new URL('../../../../shared/wire-vectors/', import.meta.url)
// Legitimate requests that change who may connect or what runs (users, node and group control)
// are left out: obeying them is correct, but it would end the test's own access.
const CONTROL = /shutdown|startup|remove|active group|create node/
const seeds = (JSON.parse(readFileSync(new URL('c-driver-requests.json', VECTORS), 'utf8')) as { requests: { hex: string; opCode: number; note?: string }[] }[])
  .flatMap((v) => v.requests)
  .filter((r) => r.opCode !== -1 && r.opCode !== 2008 && r.opCode !== 7001 && r.opCode !== 7002 && !CONTROL.test(r.note ?? ''))
  .map((r) => Buffer.from(r.hex, 'hex'))

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 3000)
const WORKERS = 6

/** A small deterministic generator (mulberry32), so a failure can be reproduced from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function mutate(rand: () => number): Buffer {
  const kind = rand()
  if (kind < 0.1) {
    // Pure noise with a plausible length word.
    const len = 28 + Math.floor(rand() * 200)
    const b = Buffer.alloc(len)
    for (let i = 0; i < len; i++) b[i] = Math.floor(rand() * 256)
    b.writeInt32LE(len, 0)
    return b
  }
  const seed = seeds[Math.floor(rand() * seeds.length)]!
  const b = Buffer.from(seed)
  if (kind < 0.55) {
    const flips = 1 + Math.floor(rand() * 8)
    for (let i = 0; i < flips; i++) {
      const at = 4 + Math.floor(rand() * (b.length - 4))
      b[at] = Math.floor(rand() * 256)
    }
    return b
  }
  if (kind < 0.8) {
    // Truncated body with the length word fixed up, so the message itself is short.
    const cut = b.subarray(0, Math.max(28, Math.floor(rand() * b.length)))
    const out = Buffer.from(cut)
    out.writeInt32LE(out.length, 0)
    return out
  }
  if (kind < 0.9) {
    // Corrupt BSON lengths inside the body.
    const at = 56 + Math.floor(rand() * Math.max(1, b.length - 60))
    if (at + 4 <= b.length) b.writeInt32LE(Math.floor(rand() * 0x7fffffff) - 0x3fffffff, at)
    return b
  }
  // A lying length word: the server waits for bytes that never come, or refuses the size.
  const lie = rand() < 0.5 ? 0x7fffffff : -Math.floor(rand() * 1000) - 2
  b.writeInt32LE(lie, 0)
  return b
}

let emu: EmulatorInternals
beforeAll(async () => {
  emu = await startEmulator({ port: 0, groups: 1, replicas: 1 })
  const c = await RawClient.connect(emu.coordAddress)
  await c.sysInfo()
  await c.command('create collectionspace', { Name: 'wirecs' }, { flags: 0 })
  await c.command('create collection', { Name: 'wirecs.plain' }, { flags: 0 })
  c.close()
})
afterAll(async () => {
  await emu.close()
})

describe('fuzzing the wire', () => {
  it(`survives ${String(FRAMES)} random and mutated frames and keeps serving`, async () => {
    let sent = 0
    const worker = async (id: number): Promise<void> => {
      const rand = rng(1234 + id)
      let c = await RawClient.connect(emu.coordAddress)
      while (sent < FRAMES) {
        sent += 1
        if (c.closed) c = await RawClient.connect(emu.coordAddress)
        c.write(mutate(rand))
        try {
          await c.nextFrame(150)
        } catch {
          // No answer: the server is waiting for bytes of a lying length; start afresh.
          c.close()
          c = await RawClient.connect(emu.coordAddress)
        }
      }
      c.close()
    }
    await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i)))
    const probe = await RawClient.connect(emu.coordAddress)
    expect((await probe.sysInfo()).fingerprintValid).toBe(true)
    expect((await probe.command('create collectionspace', { Name: 'fuzzprobe' }, { flags: 0 })).flags).toBe(0)
    const r = await probe.command('list collectionspaces', { Name: 'fuzzprobe' })
    expect(r.flags).toBe(0)
    expect(r.documents).toEqual([{ Name: 'fuzzprobe' }])
    probe.close()
  }, 120_000)
})
