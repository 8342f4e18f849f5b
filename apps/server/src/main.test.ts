import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { loadConfig } from './config.js'
import { startCanopy } from './main.js'
import type { RunningCanopy } from './main.js'

const dirs: string[] = []
const running: RunningCanopy[] = []
afterEach(async () => {
  for (const r of running.splice(0)) await r.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const start = async (env: Record<string, string>) => {
  const r = await startCanopy(loadConfig({ CANOPY_PORT: '0', CANOPY_EMULATOR_PORT: '0', CANOPY_DEMO: 'none', ...env }), pino({ level: 'silent' }))
  running.push(r)
  return r
}

const login = (url: string, password: string) =>
  fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })

describe('startCanopy', () => {
  it('starts the embedded emulator, prints a one-time admin password once, and keeps state across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'canopy-main-'))
    dirs.push(dataDir)
    const first = await start({ CANOPY_DATA_DIR: dataDir })
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(first.emulatorAddress).toMatch(/^127\.0\.0\.1:\d+$/)
    const password = first.initialAdminPassword
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/)
    const health = (await (await fetch(`${first.url}/api/health`)).json()) as { status: string; clusters: { id: string; status: string }[] }
    expect(health.clusters).toEqual([expect.objectContaining({ id: 'embedded', status: 'up' })])
    expect(health.status).toBe('ok')
    const firstLogin = await login(first.url, password!)
    expect(firstLogin.status).toBe(200)
    // The generated password is one-time: the console asks for a new one before anything else.
    expect(((await firstLogin.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true)
    await first.close()
    running.splice(0)

    const second = await start({ CANOPY_DATA_DIR: dataDir })
    expect(second.initialAdminPassword).toBeUndefined()
    const secondLogin = await login(second.url, password!)
    expect(secondLogin.status).toBe(200)
    expect(((await secondLogin.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true)
  })

  it('uses CANOPY_ADMIN_PASSWORD for the first admin and prints nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'canopy-main-'))
    dirs.push(dataDir)
    const r = await start({ CANOPY_DATA_DIR: dataDir, CANOPY_ADMIN_PASSWORD: 'given-admin-password' })
    expect(r.initialAdminPassword).toBeUndefined()
    const res = await login(r.url, 'given-admin-password')
    expect(res.status).toBe(200)
    // Scripts and e2e set the password on purpose; it is not one-time.
    expect(((await res.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(false)
  })

  it('explains a port that is taken', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'canopy-main-'))
    dirs.push(dataDir)
    const a = await start({ CANOPY_DATA_DIR: dataDir, CANOPY_ADMIN_PASSWORD: 'given-admin-password' })
    const port = new URL(a.url).port
    const other = mkdtempSync(join(tmpdir(), 'canopy-main-'))
    dirs.push(other)
    await expect(start({ CANOPY_DATA_DIR: other, CANOPY_PORT: port })).rejects.toThrow(`The console port ${port} is already in use; set CANOPY_PORT`)
  })
})
