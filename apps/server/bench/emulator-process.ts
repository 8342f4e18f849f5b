/**
 * The bench's emulator, in a process of its own (as a DBA's cluster would be): started by
 * run.ts with `fork`, it opens an in-memory emulator (one group, one data node) on a free
 * loopback port, tells the parent its coordinator address over IPC, and closes when the parent
 * disconnects or sends SIGTERM. Answers `'cpu'` with its `process.cpuUsage()`.
 */
import { startEmulator } from '@canopy/sdb-emulator'

const emulator = await startEmulator({ host: '127.0.0.1', port: 0, groups: 1, replicas: 1 })
let closing = false
const close = () => {
  if (closing) return
  closing = true
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.on('disconnect', close)
// The bench asks for this process's CPU time around each run.
process.on('message', (m: unknown) => {
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() })
})
process.on('SIGTERM', close)
process.send?.({ coordAddress: emulator.coordAddress })
