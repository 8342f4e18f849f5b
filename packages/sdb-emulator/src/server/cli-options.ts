import { parseArgs } from 'node:util'
import type { EmulatorOptions } from './emulator.js'

/** The command line help. */
export const USAGE =
  'usage: sdb-emulator [--host H] [--port P] [--data-dir DIR] [--groups N] [--replicas M] [--demo[=small]] [--user U --password P]'

function intOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${String(min)} to ${String(max)}`)
  return n
}

/** Parses the command line into emulator options; throws a readable error on bad input. */
export function parseCommandLine(argv: readonly string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: normalise(argv),
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      groups: { type: 'string' },
      replicas: { type: 'string' },
      demo: { type: 'boolean' },
      'demo-size': { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  })
  if (values.help === true) throw new Error(USAGE)
  if ((values.user === undefined) !== (values.password === undefined)) throw new Error('--user and --password go together')
  const size = values['demo-size']
  if (size !== undefined && size !== 'small' && size !== 'full') throw new Error('--demo-size must be small or full')
  return {
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.port === undefined ? {} : { port: intOption('port', values.port, 0, 65535) }),
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    ...(values.groups === undefined ? {} : { groups: intOption('groups', values.groups, 1, 100) }),
    ...(values.replicas === undefined ? {} : { replicas: intOption('replicas', values.replicas, 1, 7) }),
    ...(values.demo === true || size !== undefined ? { demo: size ?? true } : {}),
    ...(values.user === undefined || values.password === undefined ? {} : { users: [{ user: values.user, password: values.password }] }),
  }
}

/** Turns `--demo=small` into `--demo-size small` (parseArgs has no optional values). */
function normalise(argv: readonly string[]): string[] {
  return argv.flatMap((a) => (a.startsWith('--demo=') ? ['--demo-size', a.slice('--demo='.length)] : [a]))
}

