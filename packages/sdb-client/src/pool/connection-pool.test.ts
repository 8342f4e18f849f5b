import { describe, expect, it } from 'vitest'
import { SdbApiError, SdbNetworkError, SdbTimeoutError } from '../errors.js'
import { ConnectionPool } from './connection-pool.js'
import { parseHostAddress, type HostAddress } from './host-address.js'

class FakeConnection {
  closed = false
  constructor(readonly address: string) {}
  close(): void {
    this.closed = true
  }
}

function hosts(...texts: string[]): HostAddress[] {
  return texts.map((t) => parseHostAddress(t)!)
}

function poolOver(down: Set<string>, extra: Partial<ConstructorParameters<typeof ConnectionPool<FakeConnection>>[0]> = {}) {
  const attempts: string[] = []
  const pool = new ConnectionPool<FakeConnection>({
    hosts: hosts('h1:11810', 'h2:11810'),
    connect: (address) => {
      const name = `${address.host}:${address.port}`
      attempts.push(name)
      if (down.has(name)) return Promise.reject(new SdbNetworkError(`${name} refused`))
      return Promise.resolve(new FakeConnection(name))
    },
    ...extra,
  })
  return { pool, attempts }
}

describe('ConnectionPool', () => {
  it('fails over to the next coordinator when the first is down, and remembers it', async () => {
    const { pool, attempts } = poolOver(new Set(['h1:11810']))
    const a = await pool.acquire()
    expect(a.address).toBe('h2:11810')
    const b = await pool.acquire()
    expect(b.address).toBe('h2:11810')
    // h1 is tried last now: the second open went straight to h2.
    expect(attempts).toEqual(['h1:11810', 'h2:11810', 'h2:11810'])
    await pool.close()
  })

  it('reports every address when no coordinator answers', async () => {
    const { pool } = poolOver(new Set(['h1:11810', 'h2:11810']))
    await expect(pool.acquire()).rejects.toThrow(/h1:11810.*h2:11810/)
    await expect(pool.acquire()).rejects.toBeInstanceOf(SdbNetworkError)
    await pool.close()
  })

  it('reuses a released connection and replaces one that died (server restart)', async () => {
    const { pool, attempts } = poolOver(new Set())
    const a = await pool.acquire()
    pool.release(a)
    expect(await pool.acquire()).toBe(a)
    pool.release(a)
    a.closed = true
    const b = await pool.acquire()
    expect(b).not.toBe(a)
    expect(attempts).toHaveLength(2)
    await pool.close()
  })

  it('never opens more than maxSize connections; a waiter gets the next released one', async () => {
    const { pool } = poolOver(new Set(), { maxSize: 1 })
    const a = await pool.acquire()
    const waiting = pool.acquire({ timeoutMs: 1000 })
    expect(pool.size).toBe(1)
    pool.release(a)
    expect(await waiting).toBe(a)
    await pool.close()
  })

  it('times out a waiter with SdbTimeoutError and honours an AbortSignal', async () => {
    const { pool } = poolOver(new Set(), { maxSize: 1 })
    await pool.acquire()
    await expect(pool.acquire({ timeoutMs: 30 })).rejects.toBeInstanceOf(SdbTimeoutError)
    const controller = new AbortController()
    const waiting = pool.acquire({ timeoutMs: 5000, signal: controller.signal })
    controller.abort(new Error('user gave up'))
    await expect(waiting).rejects.toThrow('user gave up')
    await pool.close()
  })

  it('evicts idle connections older than idleTimeoutMs', async () => {
    const { pool } = poolOver(new Set(), { idleTimeoutMs: 1000 })
    const a = await pool.acquire()
    pool.release(a)
    pool.evictIdle(Date.now() + 2000)
    expect(a.closed).toBe(true)
    expect(pool.size).toBe(0)
    await pool.close()
  })

  it('drops idle connections that fail the health check', async () => {
    let healthy = true
    const { pool } = poolOver(new Set(), { healthCheck: () => (healthy ? Promise.resolve() : Promise.reject(new Error('no answer'))) })
    const a = await pool.acquire()
    const b = await pool.acquire()
    pool.release(a)
    pool.release(b)
    expect(await pool.checkHealth()).toBe(2)
    healthy = false
    expect(await pool.checkHealth()).toBe(0)
    expect(a.closed && b.closed).toBe(true)
    await pool.close()
  })

  it('refuses to lend after close and closes lent connections when they come back', async () => {
    const { pool } = poolOver(new Set())
    const a = await pool.acquire()
    await pool.close()
    await expect(pool.acquire()).rejects.toBeInstanceOf(SdbApiError)
    pool.release(a)
    expect(a.closed).toBe(true)
  })

  it('does not fail over on a login error: the server answered', async () => {
    const pool = new ConnectionPool<FakeConnection>({
      hosts: hosts('h1', 'h2'),
      connect: () => Promise.reject(new SdbApiError('bad password', -179)),
    })
    await expect(pool.acquire()).rejects.toThrow('bad password')
    await pool.close()
  })
})

describe('parseHostAddress', () => {
  it('reads host:port, a bare host and bracketed IPv6, and refuses the rest', () => {
    expect(parseHostAddress('db1:11810')).toEqual({ host: 'db1', port: 11810 })
    expect(parseHostAddress('db1')).toEqual({ host: 'db1', port: 11810 })
    expect(parseHostAddress('[::1]:50000')).toEqual({ host: '::1', port: 50000 })
    expect(parseHostAddress('db1:0')).toBeUndefined()
    expect(parseHostAddress('db1:abc')).toBeUndefined()
    expect(parseHostAddress('')).toBeUndefined()
    expect(parseHostAddress('not a host:port:x')).toBeUndefined()
    expect(parseHostAddress('::1')).toEqual({ host: '::1', port: 11810 })
  })
})
