import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { adminUser } from '../support/env.js'
import { freeEmulatorPort, freePort, startConsole, startEmulator, type Managed } from '../support/processes.js'

// A console connected to an external emulator (SDB_HOSTS): the emulator is killed and started
// again while the topology page is open; the page shows the outage and recovers on its own.
test('the console shows an emulator outage and recovers by itself within 5 s of the restart', async ({ page }) => {
  const emulatorDir = mkdtempSync(join(tmpdir(), 'canopy-fault-emu-'))
  const consoleDir = mkdtempSync(join(tmpdir(), 'canopy-fault-console-'))
  const sdbPort = await freeEmulatorPort()
  const webPort = await freePort()
  let emulator: Managed | undefined
  let server: Managed | undefined
  try {
    emulator = await startEmulator(sdbPort, emulatorDir)
    server = await startConsole({ CANOPY_DATA_DIR: consoleDir, CANOPY_ADMIN_PASSWORD: adminUser.password, SDB_HOSTS: `127.0.0.1:${String(sdbPort)}`, CANOPY_DEMO: 'none' }, webPort)
    const serverPid = server.child.pid
    const base = `http://127.0.0.1:${String(webPort)}`

    await page.goto(`${base}/`)
    await page.getByLabel('Username').fill(adminUser.username)
    await page.getByLabel('Password').fill(adminUser.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByTestId('current-user')).toContainText(adminUser.username)
    // What the page asked and got, for the report when the expectation fails.
    const seen: string[] = []
    page.on('response', (r) => { if (r.url().includes('/api/clusters/default/')) seen.push(`${new Date().toISOString()} ${r.status()} ${r.url().replace(base, '')}`) })
    page.on('requestfailed', (r) => { if (r.url().includes('/api/')) seen.push(`${new Date().toISOString()} failed ${r.url().replace(base, '')}`) })
    await page.goto(`${base}/c/default/topology`)
    const map = page.getByTestId('topology-map')
    const main = page.getByRole('main')
    await expect(map).toContainText('running')
    await expect(main.getByRole('alert')).toHaveCount(0)

    // A crash, not a clean shutdown.
    await emulator.stop('SIGKILL')
    await expect(main.getByRole('alert').first()).toBeVisible({ timeout: 30_000 }).catch((err: unknown) => {
      throw new Error(`no outage shown; the page's API calls:\n${seen.join('\n')}`, { cause: err })
    })
    await page.screenshot({ path: '../docs/screenshots/fault-outage.png' })
    const health = (await (await fetch(`${base}/api/health`)).json()) as { clusters: { id: string; status: string }[] }
    expect(health.clusters.find((c) => c.id === 'default')?.status).toBe('down')

    emulator = await startEmulator(sdbPort, emulatorDir)
    const restartedAt = Date.now()
    await expect(main.getByRole('alert')).toHaveCount(0, { timeout: 5_000 })
    await expect(map).toContainText('running', { timeout: 1_000 })
    expect(Date.now() - restartedAt).toBeLessThanOrEqual(5_000)
    // The same server process throughout: it recovered, it was not restarted.
    expect(server.child.pid).toBe(serverPid)
    expect(server.child.exitCode).toBeNull()
  } finally {
    await server?.stop()
    await emulator?.stop()
    rmSync(emulatorDir, { recursive: true, force: true })
    rmSync(consoleDir, { recursive: true, force: true })
  }
})
