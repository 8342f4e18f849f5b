import { describe, expect, it } from 'vitest'
import { parseCommandLine } from './cli-options.js'

describe('sdb-emulator command line', () => {
  it('reads every option', () => {
    expect(
      parseCommandLine(['--host', '0.0.0.0', '--port', '0', '--data-dir', '/tmp/d', '--groups', '2', '--replicas', '1', '--demo', '--user', 'u', '--password', 'p']),
    ).toEqual({ host: '0.0.0.0', port: 0, dataDir: '/tmp/d', groups: 2, replicas: 1, demo: true, users: [{ user: 'u', password: 'p' }] })
  })

  it('takes --demo=small', () => {
    expect(parseCommandLine(['--demo=small'])).toEqual({ demo: 'small' })
    expect(parseCommandLine([])).toEqual({})
  })

  it('refuses bad values with a readable message', () => {
    expect(() => parseCommandLine(['--port', '70000'])).toThrow(/--port must be an integer/)
    expect(() => parseCommandLine(['--replicas', '8'])).toThrow(/--replicas/)
    expect(() => parseCommandLine(['--user', 'u'])).toThrow(/--user and --password go together/)
    expect(() => parseCommandLine(['--demo=huge'])).toThrow(/small or full/)
    expect(() => parseCommandLine(['--bogus'])).toThrow()
  })
})
