import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Client } from '@canopy/sdb-client'
import { Long } from '@canopy/sdb-client/bson'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../src/server/emulator.js'
import { RawClient } from './raw-client.js'

const dirs: string[] = []
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'canopy-emu-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const CLI = new URL('../src/cli.ts', import.meta.url).pathname

/** Starts the CLI in a child process and resolves with it and its coordinator address. */
function startCli(args: string[]): Promise<{ child: ChildProcess; coord: string }> {
  const child = spawn(process.execPath, ['--conditions=@canopy/source', '--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the emulator did not start in time')), 30_000)
    let err = ''
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    child.once('exit', (code) => reject(new Error(`emulator exited with ${String(code)}: ${err}`)))
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^ready: coord at (\S+)$/.exec(line)
      if (m !== null) {
        clearTimeout(timer)
        resolve({ child, coord: m[1]! })
      }
    })
  })
}

describe('durability with a data directory', () => {
  it('brings back spaces, collections, indexes, documents, users and topology after a restart', async () => {
    const dataDir = tempDir()
    const first = await startEmulator({ port: 0, dataDir, groups: 2, replicas: 1, users: [{ user: 'root', password: 'pw' }] })
    const ports = first.nodes.map((n) => n.port)
    const c1 = await Client.connect({ hosts: first.coordAddress, user: 'root', password: 'pw' })
    const cl = await (await c1.createCollectionSpace('keep')).createCollection('docs')
    await cl.insert(Array.from({ length: 50 }, (_, i) => ({ i, when: new Date(1_700_000_000_000 + i) })))
    await cl.createIndex('by_i', { i: 1 })
    await c1.createReplicaGroup('spare_group')
    await c1.close()
    await first.close()

    const second = await startEmulator({ port: 0, dataDir })
    try {
      expect(second.nodes.map((n) => n.port)).toEqual(ports)
      const c2 = await Client.connect({ hosts: second.coordAddress, user: 'root', password: 'pw' })
      const again = c2.collection('keep.docs')
      expect(await again.count()).toBe(50)
      const idx = await again.listIndexes().toArray()
      expect(idx.map((d) => (d.IndexDef as Record<string, unknown>).name)).toContain('by_i')
      const groups = await c2.listReplicaGroups().toArray()
      expect(groups.map((g) => g.GroupName)).toContain('spare_group')
      await c2.close()
    } finally {
      await second.close()
    }
  })

  it('keeps every acknowledged insert when the emulator process is killed with SIGKILL', async () => {
    const dataDir = tempDir()
    const { child, coord } = await startCli(['--port', '0', '--data-dir', dataDir, '--groups', '1', '--replicas', '1'])
    let acked = 0
    try {
      const c = await RawClient.connect(coord)
      await c.sysInfo()
      await c.command('create collectionspace', { Name: 'crash' }, { flags: 0 })
      await c.command('create collection', { Name: 'crash.t' }, { flags: 0 })
      // The kill lands while inserts are in flight; only acknowledged ones must survive.
      const killer = setTimeout(() => child.kill('SIGKILL'), 400)
      try {
        for (let n = 0; n < 10_000; n += 1) {
          const r = await c.request({ kind: 'insert', flags: 2, name: 'crash.t', documents: [{ n }] })
          if (r.flags !== 0) break
          acked += 1
        }
      } catch {
        // The connection died with the process.
      } finally {
        clearTimeout(killer)
      }
      c.close()
    } finally {
      child.kill('SIGKILL')
    }
    expect(acked).toBeGreaterThan(0)
    await new Promise((r) => child.once('exit', r).once('close', r))
    const { child: again, coord: coord2 } = await startCli(['--port', '0', '--data-dir', dataDir])
    try {
      const c = await RawClient.connect(coord2)
      await c.sysInfo()
      const count = await c.command('get count', {}, { hint: { Collection: 'crash.t' } })
      expect((count.documents[0]!.Total as Long).toNumber()).toBeGreaterThanOrEqual(acked)
      c.close()
    } finally {
      again.kill('SIGTERM')
      await new Promise((r) => again.once('exit', r))
    }
  }, 90_000)
})
