import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'
import { adminUser, e2ePort } from './support/env.js'

// One console (server + embedded emulator) for the whole run, on ports that do not clash with a
// console a developer may have running; each run gets a fresh data directory.
const port = e2ePort
const dataDir = process.env.CANOPY_E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'canopy-e2e-'))
process.env.CANOPY_E2E_DATA_DIR = dataDir

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  timeout: 180_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CANOPY_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: 'node ../apps/server/dist/main.js',
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: process.env.CANOPY_E2E_REUSE === '1',
    stdout: 'pipe',
    env: {
      CANOPY_PORT: String(port),
      CANOPY_HOST: '127.0.0.1',
      CANOPY_DATA_DIR: dataDir,
      CANOPY_ADMIN_PASSWORD: adminUser.password,
      CANOPY_EMULATOR_PORT: '0',
      CANOPY_DEMO: 'small',
      CANOPY_LOG_LEVEL: 'warn',
    },
  },
})
