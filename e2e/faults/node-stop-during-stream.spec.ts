import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Download } from '@playwright/test'
import { Client } from '@canopy/sdb-client'
import type { BsonDocument } from '@canopy/sdb-client/bson'
import { adminUser } from '../support/env.js'
import { freeEmulatorPort, freePort, startConsole, startEmulator, type Managed } from '../support/processes.js'

const rows = Number(process.env.CANOPY_STREAM_ROWS ?? 60_000)

// A long export streams from the coord; the coord is stopped (through the console's own node
// control) once the download has begun. The user must get a clear error, not a hang and not a
// silently truncated file.
test('stopping the node a long export streams from gives a clear error, not a hang', async ({ page }) => {
  test.setTimeout(300_000)
  const emulatorDir = mkdtempSync(join(tmpdir(), 'canopy-fault-emu-'))
  const consoleDir = mkdtempSync(join(tmpdir(), 'canopy-fault-console-'))
  const sdbPort = await freeEmulatorPort()
  const webPort = await freePort()
  let emulator: Managed | undefined
  let server: Managed | undefined
  try {
    emulator = await startEmulator(sdbPort, emulatorDir)
    const coord = `127.0.0.1:${String(sdbPort)}`
    const db = await Client.connect({ hosts: [coord] })
    try {
      const cl = await (await db.createCollectionSpace('fault')).createCollection('big')
      const filler = 'x'.repeat(240)
      for (let start = 0; start < rows; start += 2000) {
        const batch: BsonDocument[] = Array.from({ length: Math.min(2000, rows - start) }, (_, i) => ({ n: start + i, filler }))
        await cl.insert(batch)
      }
    } finally {
      await db.close()
    }
    server = await startConsole({ CANOPY_DATA_DIR: consoleDir, CANOPY_ADMIN_PASSWORD: adminUser.password, SDB_HOSTS: coord, CANOPY_DEMO: 'none' }, webPort)
    const base = `http://127.0.0.1:${String(webPort)}`

    await page.goto(`${base}/`)
    await page.getByLabel('Username').fill(adminUser.username)
    await page.getByLabel('Password').fill(adminUser.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByTestId('current-user')).toContainText(adminUser.username)
    await page.goto(`${base}/c/default/data/fault/big`)
    await expect(page.getByTestId('documents-grid')).toContainText('filler')

    const downloads: Download[] = []
    page.on('download', (d) => downloads.push(d))
    await page.getByLabel('Format', { exact: true }).selectOption({ label: 'JSON' })
    const started = page.waitForResponse((r) => r.url().includes('/documents/export') && r.status() === 200)
    await page.getByRole('button', { name: 'Export', exact: true }).click()
    await started

    // Stop the coord through the console, as an operator would, while the body still streams.
    const csrf = await page.evaluate(async () => {
      const s = await fetch('/api/auth/session', { credentials: 'same-origin' })
      return ((await s.json()) as { csrfToken: string }).csrfToken
    })
    const stop = await page.request.post(`${base}/api/clusters/default/nodes/${encodeURIComponent(coord)}/stop`, { headers: { 'x-csrf-token': csrf } })
    expect(stop.status(), await stop.text()).toBe(204)
    const stoppedAt = Date.now()

    const notice = page.getByTestId('notice-error')
    await expect(notice.first()).toBeVisible({ timeout: 30_000 })
    await expect(notice.first()).toContainText('Export')
    // Clear means it says what happened, not only the browser's bare "Failed to fetch".
    await expect(notice.first()).toContainText(/interrupted|unreachable|lost|stopped|unavailable/i)
    expect(Date.now() - stoppedAt).toBeLessThan(30_000)
    await page.screenshot({ path: '../docs/screenshots/fault-stream-stopped.png' })
    // Not busy any more, and nothing half-written was handed to the user as if complete.
    await expect(page.getByRole('button', { name: 'Export', exact: true })).toBeEnabled()
    expect(downloads).toHaveLength(0)
  } finally {
    await server?.stop()
    await emulator?.stop()
    rmSync(emulatorDir, { recursive: true, force: true })
    rmSync(consoleDir, { recursive: true, force: true })
  }
})
