/**
 * `@canopy/sdb-emulator`: an embedded SequoiaDB-compatible cluster speaking the real wire
 * protocol. Start one with {@link startEmulator}; clients connect to `coordAddress`.
 */
export { freeServicePorts, startEmulator } from './server/emulator.js'
export type { Emulator, EmulatorInternals, EmulatorNode, EmulatorOptions, EmulatorUser } from './server/emulator.js'
