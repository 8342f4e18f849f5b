import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

const noFile = (p: string): string => {
  throw new Error(`ENOENT: ${p}`)
}

describe('loadConfig', () => {
  it('has the documented defaults: 127.0.0.1:8080, ./.canopy-data, emulator on 11810, no cluster', () => {
    const c = loadConfig({}, noFile)
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', emulatorPort: 11810, clusters: [], sessionIdleMs: 30 * 60_000, adminPassword: undefined, secureCookie: false })
    expect(c.dataDir).toBe(`${process.cwd()}/.canopy-data`)
  })

  it('resolves relative paths against the directory npm was started in (INIT_CWD)', () => {
    const c = loadConfig({ INIT_CWD: '/home/dba/canopy', CANOPY_CLUSTERS_FILE: 'clusters.json' }, (p) =>
      p === '/home/dba/canopy/clusters.json' ? '[{"id":"a","hosts":["h:11810"]}]' : noFile(p),
    )
    expect(c.dataDir).toBe('/home/dba/canopy/.canopy-data')
    expect(c.clusters[0]?.hosts).toEqual(['h:11810'])
  })

  it('reads one cluster from SDB_HOSTS with credentials', () => {
    const c = loadConfig({ SDB_HOSTS: 'db1:11810, db2:11810', SDB_USER: 'sdbadmin', SDB_PASSWORD: 'pw', CANOPY_EMULATOR_PORT: '0' }, noFile)
    expect(c.clusters).toEqual([{ id: 'default', name: 'Default', hosts: ['db1:11810', 'db2:11810'], user: 'sdbadmin', password: 'pw' }])
    expect(c.emulatorPort).toBe(0)
  })

  it('reads several named clusters from CANOPY_CLUSTERS_FILE', () => {
    const file = JSON.stringify({ clusters: [{ id: 'prod', name: 'Production', hosts: ['a:11810', 'b:11810'] }, { id: 'test', hosts: ['c:11810'], user: 'u', password: 'p' }] })
    const c = loadConfig({ CANOPY_CLUSTERS_FILE: '/etc/canopy/clusters.json' }, (p) => (p === '/etc/canopy/clusters.json' ? file : noFile(p)))
    expect(c.clusters).toEqual([
      { id: 'prod', name: 'Production', hosts: ['a:11810', 'b:11810'] },
      { id: 'test', name: 'test', hosts: ['c:11810'], user: 'u', password: 'p' },
    ])
  })

  it('takes the demo size from CANOPY_DEMO or CANOPY_DEMO_SIZE (full by default)', () => {
    expect(loadConfig({}, noFile).demo).toBe('full')
    expect(loadConfig({ CANOPY_DEMO_SIZE: 'small' }, noFile).demo).toBe('small')
    expect(loadConfig({ CANOPY_DEMO: 'none' }, noFile).demo).toBe('none')
    expect(() => loadConfig({ CANOPY_DEMO: 'none', CANOPY_DEMO_SIZE: 'small' }, noFile)).toThrow(/disagree/)
    expect(() => loadConfig({ CANOPY_DEMO_SIZE: 'huge' }, noFile)).toThrow(/CANOPY_DEMO_SIZE must be full, small or none/)
  })

  it('lists every problem at once, readably', () => {
    let error: unknown
    try {
      loadConfig({ CANOPY_PORT: 'eighty', CANOPY_EMULATOR_PORT: '70000', CANOPY_ADMIN_PASSWORD: 'short', CANOPY_LOG_LEVEL: 'loud' }, noFile)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems.join('\n')
    expect(problems).toMatch(/CANOPY_PORT.*port number/)
    expect(problems).toMatch(/CANOPY_EMULATOR_PORT must be between 0 and 65535/)
    expect(problems).toMatch(/CANOPY_ADMIN_PASSWORD must have at least 12 characters/)
    expect(problems).toMatch(/CANOPY_LOG_LEVEL/)
    expect((error as ConfigError).message).toMatch(/^Invalid configuration:\n {2}- /)
  })

  it('explains bad cluster settings', () => {
    expect(() => loadConfig({ SDB_HOSTS: 'nohostport' }, noFile)).toThrow(/SDB_HOSTS: "nohostport" must look like host:port/)
    expect(() => loadConfig({ SDB_USER: 'x' }, noFile)).toThrow(/SDB_HOSTS is not/)
    expect(() => loadConfig({ CANOPY_CLUSTERS_FILE: 'missing.json' }, noFile)).toThrow(/cannot read missing.json/)
    expect(() => loadConfig({ CANOPY_CLUSTERS_FILE: 'f' }, () => '{oops')).toThrow(/not valid JSON/)
    expect(() => loadConfig({ CANOPY_CLUSTERS_FILE: 'f' }, () => '[{"id":"a","hosts":[]}]')).toThrow(/hosts: give at least one coord address/)
    expect(() => loadConfig({ CANOPY_CLUSTERS_FILE: 'f' }, () => '[{"id":"embedded","hosts":["h:1"]}]')).toThrow(/reserved/)
    expect(() => loadConfig({ SDB_HOSTS: 'h:1', CANOPY_CLUSTERS_FILE: 'f' }, () => '[{"id":"default","hosts":["h:2"]}]')).toThrow(/used twice/)
  })
})
