import { describe, expect, it } from 'vitest'
import type { BsonDocument } from '../bson.js'
import { SdbServerError } from '../errors.js'
import { Cursor, type CursorBatch, type CursorChannel } from './cursor.js'

function scripted(first: CursorBatch, batches: (CursorBatch | undefined | Error)[]) {
  const log: string[] = []
  let releases = 0
  const channel: CursorChannel = {
    getMore: (contextId) => {
      log.push(`getMore ${contextId}`)
      const next = batches.shift()
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next)
    },
    killContext: (contextId) => {
      log.push(`kill ${contextId}`)
      return Promise.resolve()
    },
    release: () => { releases++ },
  }
  const cursor = new Cursor(() => {
    log.push('open')
    return Promise.resolve({ first, channel })
  }, (d: BsonDocument) => d['n'])
  return { cursor, log, releases: () => releases }
}

const docs = (...ns: number[]): BsonDocument[] => ns.map((n) => ({ n }))

describe('Cursor', () => {
  it('sends nothing until the first read', async () => {
    const { cursor, log } = scripted({ contextId: -1n, documents: docs(1) }, [])
    expect(log).toEqual([])
    expect(await cursor.next()).toBe(1)
    expect(log).toEqual(['open'])
  })

  it('reads every batch through getMore until the end (-29)', async () => {
    const { cursor, log, releases } = scripted({ contextId: 7n, documents: docs(1, 2) }, [{ contextId: 7n, documents: docs(3) }, undefined])
    expect(await cursor.toArray()).toEqual([1, 2, 3])
    expect(log).toEqual(['open', 'getMore 7', 'getMore 7'])
    expect(releases()).toBe(1)
    expect(cursor.closed).toBe(true)
  })

  it('stops without a getMore when the server closed the context (contextId -1)', async () => {
    const { cursor, log } = scripted({ contextId: 7n, documents: docs(1) }, [{ contextId: -1n, documents: docs(2) }])
    const seen: unknown[] = []
    for await (const n of cursor) seen.push(n)
    expect(seen).toEqual([1, 2])
    expect(log).toEqual(['open', 'getMore 7'])
  })

  it('kills the server context once when closed early, however often close is called', async () => {
    const { cursor, log, releases } = scripted({ contextId: 9n, documents: docs(1, 2) }, [])
    expect(await cursor.next()).toBe(1)
    await Promise.all([cursor.close(), cursor.close()])
    await cursor.close()
    expect(log).toEqual(['open', 'kill 9'])
    expect(releases()).toBe(1)
    expect(await cursor.next()).toBeUndefined()
  })

  it('kills the context when a for-await loop breaks', async () => {
    const { cursor, log } = scripted({ contextId: 5n, documents: docs(1, 2, 3) }, [])
    for await (const n of cursor) if (n === 2) break
    expect(log).toEqual(['open', 'kill 5'])
  })

  it('closing an unread cursor sends nothing', async () => {
    const { cursor, log } = scripted({ contextId: 5n, documents: docs(1) }, [])
    await cursor.close()
    expect(await cursor.toArray()).toEqual([])
    expect(log).toEqual([])
  })

  it('passes a getMore error to the reader and gives the connection back', async () => {
    const { cursor, releases } = scripted({ contextId: 5n, documents: [] }, [new SdbServerError(-36)])
    await expect(cursor.next()).rejects.toMatchObject({ code: -36, name: 'SDB_RTN_CONTEXT_NOTEXIST' })
    expect(releases()).toBe(1)
    expect(cursor.closed).toBe(true)
  })
})
