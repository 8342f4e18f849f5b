/**
 * The bench's load generator, in a process of its own: autocannon parses every response, so it
 * must not share the server's event loop (nor its CPU accounting). run.ts forks it, sends the
 * autocannon options of one run over IPC and gets the result back; it exits when the parent
 * disconnects.
 */
import autocannon from 'autocannon'

process.on('message', (options: autocannon.Options) => {
  autocannon(options, (err: unknown, result) => {
    process.send?.(err ? { error: err instanceof Error ? err.message : 'autocannon failed' } : { result })
  })
})
process.on('disconnect', () => process.exit(0))
process.send?.({ ready: true })
