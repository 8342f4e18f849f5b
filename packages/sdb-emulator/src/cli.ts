#!/usr/bin/env node
/**
 * `sdb-emulator`: runs the emulated cluster until SIGINT/SIGTERM.
 *
 *   sdb-emulator --host 127.0.0.1 --port 11810 --data-dir ./data --groups 3 --replicas 3
 *                [--demo[=small]] [--user U --password P]
 */
import { parseCommandLine } from './server/cli-options.js'
import { startEmulator, type EmulatorOptions } from './server/emulator.js'

async function main(): Promise<void> {
  let options: EmulatorOptions
  try {
    options = parseCommandLine(process.argv.slice(2))
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = 2
    return
  }
  const emulator = await startEmulator(options)
  for (const n of emulator.nodes) {
    process.stdout.write(`${n.role.padEnd(7)} ${n.groupName.padEnd(16)} node ${String(n.nodeId).padStart(4)}  ${n.address}${n.running ? '' : ' (stopped)'}\n`)
  }
  process.stdout.write(`ready: coord at ${emulator.coordAddress}\n`)
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`error while stopping: ${String(err)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main().catch((err: unknown) => {
  process.stderr.write(`sdb-emulator: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
