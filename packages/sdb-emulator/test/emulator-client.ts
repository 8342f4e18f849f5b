import { Client, SdbServerError } from '@canopy/sdb-client'
import { afterAll, beforeAll } from 'vitest'
import { startEmulator, type EmulatorInternals, type EmulatorOptions } from '../src/server/emulator.js'

/**
 * An emulator on port 0 with our driver connected, for the tests of one file: started before
 * them, closed after. The getters are valid inside the tests.
 */
export function emulatorWithClient(options: EmulatorOptions): { emu: () => EmulatorInternals; client: () => Client } {
  let emu: EmulatorInternals | undefined
  let client: Client | undefined
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, ...options })
    client = await Client.connect({ hosts: emu.coordAddress })
  })
  afterAll(async () => {
    await client?.close()
    await emu?.close()
  })
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the emulator is not started yet')
    return v
  }
  return { emu: () => ready(emu), client: () => ready(client) }
}

/** The SequoiaDB error code a promise fails with, undefined when it succeeds (-999: not a server error). */
export async function serverCode(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p
    return undefined
  } catch (err) {
    return err instanceof SdbServerError ? err.code : -999
  }
}
