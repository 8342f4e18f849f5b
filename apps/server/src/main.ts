import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Server } from 'node:http'
import { pino } from 'pino'
import type { Logger } from 'pino'
import { startEmulator } from '@canopy/sdb-emulator'
import type { Emulator } from '@canopy/sdb-emulator'
import { createApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import type { AppConfig, ClusterConfig } from './config.js'
import { AuthService } from './services/auth.service.js'
import { createClusterRegistry } from './services/cluster/index.js'
import { openStore } from './store/index.js'

/** A running console. */
export interface RunningCanopy {
  /** Where the console answers, e.g. `http://127.0.0.1:8080`. */
  readonly url: string
  /** The embedded emulator's coord address, when no cluster is configured. */
  readonly emulatorAddress: string | undefined
  /** The first admin's generated one-time password (first start without CANOPY_ADMIN_PASSWORD only). */
  readonly initialAdminPassword: string | undefined
  /** Stops accepting requests, ends open ones, closes clusters, emulator and store. Idempotent. */
  close(): Promise<void>
}

function listenError(err: NodeJS.ErrnoException, what: string, variable: string, port: number): Error {
  if (err.code === 'EADDRINUSE') return new Error(`${what} port ${port} is already in use; set ${variable} to another port (0 = any free port)`)
  if (err.code === 'EACCES') return new Error(`${what} may not listen on port ${port}; set ${variable} to a port above 1023`)
  return err
}

/**
 * Starts the console: store, first admin, the embedded emulator when no cluster is configured,
 * and the HTTP server (API + web app on one port).
 */
export async function startCanopy(config: AppConfig, logger: Logger): Promise<RunningCanopy> {
  mkdirSync(config.dataDir, { recursive: true })
  const store = openStore({ file: join(config.dataDir, 'canopy.db'), sessionIdleMs: config.sessionIdleMs })
  let emulator: Emulator | undefined
  try {
    const admin = await new AuthService(store.users).ensureAdmin(config.adminPassword)
    let clusterConfigs: readonly ClusterConfig[] = config.clusters
    if (clusterConfigs.length === 0) {
      try {
        emulator = await startEmulator({
          host: '127.0.0.1',
          port: config.emulatorPort,
          dataDir: join(config.dataDir, 'emulator'),
          ...(config.demo === 'none' ? {} : { demo: config.demo }),
        })
      } catch (err) {
        throw listenError(err as NodeJS.ErrnoException, 'The embedded emulator', 'CANOPY_EMULATOR_PORT', config.emulatorPort)
      }
      clusterConfigs = [{ id: 'embedded', name: 'Embedded emulator', hosts: [emulator.coordAddress] }]
    }
    const clusters = createClusterRegistry({ clusters: clusterConfigs, logger })
    const app = createApp({ config, store, clusters, logger })
    const server: Server = app.listen({ port: config.port, host: config.host })
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(listenError(err, 'The console', 'CANOPY_PORT', config.port))
      })
    })
    const address = server.address() as AddressInfo
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
    const pruner = setInterval(() => store.sessions.prune(), 10 * 60_000)
    pruner.unref()
    let closing: Promise<void> | undefined
    const close = () =>
      (closing ??= (async () => {
        clearInterval(pruner)
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections()
        // Event streams never end by themselves; give ordinary requests a moment, then cut them.
        const force = setTimeout(() => server.closeAllConnections(), 3000)
        force.unref()
        await stopped
        clearTimeout(force)
        await clusters.close()
        await emulator?.close()
        store.close()
      })())
    return {
      url: `http://${host}:${address.port}`,
      emulatorAddress: emulator?.coordAddress,
      initialAdminPassword: admin.password,
      close,
    }
  } catch (err) {
    await emulator?.close()
    store.close()
    throw err
  }
}

async function main(): Promise<void> {
  let config: AppConfig
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`)
      process.exit(1)
    }
    throw err
  }
  const logger = pino({ level: config.logLevel, redact: { paths: ['password', '*.password', 'req.headers.cookie', 'req.headers["x-csrf-token"]'], censor: '[redacted]' } })
  let running: RunningCanopy
  try {
    running = await startCanopy(config, logger)
  } catch (err) {
    process.stderr.write(`Canopy could not start: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  }
  const lines = [`Canopy is running at ${running.url}`]
  if (running.emulatorAddress) {
    const demo = config.demo === 'none' ? '' : ` (${config.demo} demo data set)`
    lines.push(`Embedded SequoiaDB emulator${demo} at ${running.emulatorAddress}; data in ${join(config.dataDir, 'emulator')}`)
  }
  if (running.initialAdminPassword) {
    // Printed once, to the terminal only (never to the log): the store keeps just its argon2id hash.
    lines.push(
      `First start: sign in as "admin" with the one-time password ${running.initialAdminPassword}`,
      'The console asks you to choose your own password at that first sign-in; this one will not be shown again.',
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)

  let signals = 0
  const stop = (signal: NodeJS.Signals) => {
    signals += 1
    if (signals > 1) process.exit(1)
    logger.info({ signal }, 'shutting down')
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

const entry = process.argv[1]
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  void main()
}
