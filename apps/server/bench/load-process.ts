/**
 * The bench's load generator, in a process of its own: autocannon parses every response, so it
 * must not share the server's event loop (nor its CPU accounting). run.ts forks it, sends the
 * autocannon options of one run over IPC and gets the result back; it exits when the parent
 * disconnects.
 */
import autocannon from 'autocannon'

process.on('message', (options: autocannon.Options) => {
  const cpu = process.cpuUsage()
  autocannon(options, (err: unknown, result) => {
    const used = process.cpuUsage(cpu)
    // The load generator's own CPU time: on two cores it competes with the server and emulator.
    process.send?.(err ? { error: err instanceof Error ? err.message : 'autocannon failed' } : { result, cpuMs: (used.user + used.system) / 1000 })
  })
})
process.on('disconnect', () => process.exit(0))
process.send?.({ ready: true })
