import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (e2e/ sits directly under it). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** A free loopback port, found by binding port 0 and letting it go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

/** A child process with its collected output, stopped by its own pid only. */
export interface Managed {
  readonly child: ChildProcess
  output(): string
  /** SIGKILL (a crash) or SIGTERM, then waits for the exit. */
  stop(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>
}

function manage(child: ChildProcess): Managed {
  let out = ''
  child.stdout?.on('data', (b: Buffer) => { out += b.toString() })
  child.stderr?.on('data', (b: Buffer) => { out += b.toString() })
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  return {
    child,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

async function waitFor(what: string, managed: Managed, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (managed.child.exitCode !== null) throw new Error(`${what} exited early:\n${managed.output()}`)
    if (await check()) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${what} not ready after ${String(timeoutMs)} ms:\n${managed.output()}`)
}

/**
 * Starts the emulator as its own process (the built CLI when present, else the source through
 * tsx) and waits for its "ready" line.
 */
export async function startEmulator(port: number, dataDir: string, timeoutMs = 90_000, extraArgs: readonly string[] = []): Promise<Managed> {
  const dist = join(repoRoot, 'packages/sdb-emulator/dist/cli.js')
  const args = existsSync(dist)
    ? [dist]
    : ['--conditions=@canopy/source', '--import', 'tsx', join(repoRoot, 'packages/sdb-emulator/src/cli.ts')]
  const child = spawn(process.execPath, [...args, '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, ...extraArgs], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  const m = manage(child)
  await waitFor('emulator', m, () => m.output().includes('ready:'), timeoutMs)
  return m
}

/** Starts a console server (built dist) with its own port and data directory. */
export async function startConsole(env: Record<string, string>, port: number, timeoutMs = 120_000): Promise<Managed> {
  const child = spawn(process.execPath, [join(repoRoot, 'apps/server/dist/main.js')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CANOPY_HOST: '127.0.0.1', CANOPY_PORT: String(port), CANOPY_LOG_LEVEL: 'warn', ...env },
  })
  const m = manage(child)
  await waitFor('console', m, async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${String(port)}/api/health`)
      return res.status < 500 || res.status === 503
    } catch {
      return false
    }
  }, timeoutMs)
  return m
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  const status = await readFile(`/proc/${String(pid)}/status`, 'utf8')
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
  if (kb === undefined) throw new Error(`no VmRSS for ${String(pid)}`)
  return Number(kb) * 1024
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
  })
}

/**
 * A base port for an emulator: its nodes listen on ports above the coord's (a few hundred at
 * most), so the whole range `[base, base + span)` must be free, not just the first port.
 */
export async function freeEmulatorPort(span = 300): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 20_000)
    let free = true
    for (let p = base; p < base + span && free; p += 1) free = await portIsFree(p)
    if (free) return base
  }
  throw new Error('no free port range for an emulator')
}
