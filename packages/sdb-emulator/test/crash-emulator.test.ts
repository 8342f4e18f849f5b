import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@canopy/sdb-client'
import { Int32 } from '@canopy/sdb-client/bson'
import { afterAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(join(tmpdir(), 'canopy-crash-emulator-'))
const children: ChildProcessWithoutNullStreams[] = []
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

/** Starts the emulator CLI on free ports over `dataDir`; resolves with the coord address. */
function startChild(): Promise<{ child: ChildProcessWithoutNullStreams; coord: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@canopy/source', '--import', 'tsx', 'src/cli.ts', '--port', '0', '--data-dir', dataDir, '--groups', '1', '--replicas', '3'],
      { cwd: join(import.meta.dirname, '..'), stdio: ['pipe', 'pipe', 'pipe'] },
    )
    children.push(child)
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`emulator did not start: ${output}`))
    }, 60_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const ready = /ready: coord at (\S+)/.exec(output)
      if (ready?.[1] !== undefined) {
        clearTimeout(timer)
        resolve({ child, coord: ready[1] })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', () => {
      clearTimeout(timer)
      reject(new Error(`emulator exited: ${output}`))
    })
  })
}

function exited(child: ChildProcessWithoutNullStreams): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode)
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
}

describe('crash safety of the emulator', () => {
  it('keeps every acknowledged insert after kill -9 in the middle of 10,000 inserts', async () => {
    const first = await startChild()
    const client = await Client.connect({ hosts: [first.coord], operationTimeoutMs: 10_000 })
    const cs = await client.createCollectionSpace('crash')
    const cl = await cs.createCollection('docs')
    const acked: number[] = []
    let killed = false
    for (let i = 0; i < 10_000 && !killed; i += 1) {
      try {
        await cl.insert({ _id: i, payload: 'p'.repeat(100) })
        acked.push(i)
      } catch {
        break
      }
      if (acked.length === 1500) {
        first.child.kill('SIGKILL')
        killed = true
      }
    }
    expect(await exited(first.child)).toBe('SIGKILL')
    await client.close().catch(() => undefined)
    expect(acked.length).toBeGreaterThanOrEqual(1500)

    const second = await startChild()
    const again = await Client.connect({ hosts: [second.coord], operationTimeoutMs: 10_000 })
    try {
      const collection = await again.getCollection('crash.docs')
      const present = new Set<number>()
      for await (const doc of collection.query({ selector: { _id: 1 } })) {
        const id = doc['_id']
        if (id instanceof Int32) present.add(id.value)
      }
      expect(acked.filter((id) => !present.has(id))).toEqual([])
      expect(await collection.count()).toBe(present.size)
      // The cluster takes writes again after the restart.
      await collection.insert({ _id: 'after-restart' })
      expect(await collection.count({ _id: 'after-restart' })).toBe(1)
    } finally {
      await again.close()
      second.child.kill('SIGTERM')
      await exited(second.child)
    }
  }, 180_000)
})
