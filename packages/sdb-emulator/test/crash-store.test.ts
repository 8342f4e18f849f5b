import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Int32 } from '@canopy/sdb-client/bson'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteDataNodeStore } from '../src/storage/data-node.js'

const dataDir = mkdtempSync(join(tmpdir(), 'canopy-crash-'))
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

/** Runs the writer and SIGKILLs it once `killAfter` inserts were acknowledged; returns the acked ids. */
function writeUntilKilled(count: number, killAfter: number): Promise<{ acked: number[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@canopy/source', '--import', 'tsx', join(import.meta.dirname, 'crash-writer.ts'), dataDir, String(count)], {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const acked: number[] = []
    let buffer = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) {
        if (/^[0-9]+$/.test(line)) acked.push(Number(line))
      }
      if (acked.length >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL')
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`writer hung; stderr: ${stderr}`))
    }, 60_000)
    child.on('error', reject)
    child.on('exit', (_code, signal) => {
      clearTimeout(timer)
      if (signal === null && acked.length < killAfter) reject(new Error(`writer exited early: ${stderr}`))
      else resolve({ acked, signal })
    })
  })
}

describe('crash safety of the data node store', () => {
  it('keeps every acknowledged insert when the process is killed with SIGKILL mid-way through 10,000', async () => {
    const { acked, signal } = await writeUntilKilled(10_000, 4000)
    expect(signal).toBe('SIGKILL')
    expect(acked.length).toBeGreaterThanOrEqual(4000)
    expect(acked.length).toBeLessThan(10_000)

    const store = new SqliteDataNodeStore({ dataDir, nodeName: 'crash-node' })
    try {
      const present = new Set<number>()
      for (const { doc } of store.tableScan('crash.docs')) {
        const id = doc['_id']
        if (id instanceof Int32) present.add(id.value)
        // The transaction that never committed was rolled back on reopen.
        expect(id).not.toBe('uncommitted')
      }
      const missing = acked.filter((id) => !present.has(id))
      expect(missing).toEqual([])
      // At most the one insert in flight when the signal landed may be there unacknowledged.
      expect(present.size - acked.length).toBeLessThanOrEqual(1)
      // The store is usable after recovery: the unique index survived with the records.
      expect(() => store.insert('crash.docs', [{ _id: 0 }])).toThrow()
      expect(store.insert('crash.docs', [{ _id: 'after-restart' }]).insertedNum).toBe(1)
    } finally {
      store.close()
    }
  }, 90_000)
})
