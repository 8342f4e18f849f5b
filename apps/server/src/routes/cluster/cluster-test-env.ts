/**
 * Test fixture: an emulator on port 0 behind createApp, with one signed-in agent per role.
 */
import { startEmulator } from '@canopy/sdb-emulator'
import type { Emulator, EmulatorOptions } from '@canopy/sdb-emulator'
import { createClusterRegistry } from '../../services/cluster/index.js'
import type { ClusterRegistry } from '../../services/cluster/index.js'
import { createTestApp, signIn } from '../../testing/test-app.js'
import type { SignedIn, TestApp } from '../../testing/test-app.js'

/** A running emulator, app and agents. */
export interface ClusterTestEnv {
  readonly emulator: Emulator
  readonly app: TestApp
  readonly registry: ClusterRegistry
  readonly admin: SignedIn
  readonly operator: SignedIn
  readonly viewer: SignedIn
  close(): Promise<void>
}

/** Starts the emulator (port 0) and the app wired to it as cluster `embedded`. */
export async function startClusterTestEnv(options: EmulatorOptions = {}): Promise<ClusterTestEnv> {
  const emulator = await startEmulator({ port: 0, groups: 1, replicas: 3, ...options })
  const registry = createClusterRegistry({ clusters: [{ id: 'embedded', name: 'Embedded emulator', hosts: [emulator.coordAddress] }], retryDelayMs: 100 })
  const app = await createTestApp({ clusters: registry })
  const [admin, operator, viewer] = await Promise.all([signIn(app.app, 'admin'), signIn(app.app, 'operator'), signIn(app.app, 'viewer')])
  return {
    emulator,
    app,
    registry,
    admin,
    operator,
    viewer,
    async close() {
      await app.close()
      await emulator.close()
    },
  }
}

/** POST with the CSRF header. */
export function post(who: SignedIn, path: string, body?: unknown) {
  const r = who.agent.post(path).set('x-csrf-token', who.csrf)
  return body === undefined ? r : r.send(body as object)
}

/** PUT with the CSRF header. */
export function put(who: SignedIn, path: string, body: unknown) {
  return who.agent.put(path).set('x-csrf-token', who.csrf).send(body as object)
}

/** DELETE with the CSRF header. */
export function del(who: SignedIn, path: string) {
  return who.agent.delete(path).set('x-csrf-token', who.csrf)
}
