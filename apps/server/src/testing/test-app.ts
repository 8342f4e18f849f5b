import type { Express } from 'express'
import { pino } from 'pino'
import type { Logger } from 'pino'
import request from 'supertest'
import type { Role } from '@canopy/api-contract'
import { createApp } from '../app.js'
import { hashPassword } from '../services/auth.service.js'
import { ClusterRegistry } from '../services/cluster/cluster-registry.js'
import { openStore } from '../store/index.js'
import type { Store } from '../store/index.js'

/** A password every test user has. */
export const TEST_PASSWORD = 'correct-horse-battery'

/** A created app with its store and the three seeded users (admin, operator, viewer). */
export interface TestApp {
  readonly app: Express
  readonly store: Store
  close(): Promise<void>
}

let cachedHash: Promise<string> | undefined

/** createApp over an in-memory store, no clusters, and one user per role (password {@link TEST_PASSWORD}). */
export async function createTestApp(options: { loginRateLimit?: number; sessionIdleMs?: number; clusters?: ClusterRegistry; logger?: Logger } = {}): Promise<TestApp> {
  const store = openStore({ file: ':memory:', sessionIdleMs: options.sessionIdleMs ?? 30 * 60_000 })
  cachedHash ??= hashPassword(TEST_PASSWORD)
  const passwordHash = await cachedHash
  const now = new Date().toISOString()
  const roles: Role[] = ['admin', 'operator', 'viewer']
  for (const role of roles) store.users.insert({ username: role, passwordHash, role, createdAt: now, updatedAt: now })
  const clusters =
    options.clusters ??
    new ClusterRegistry({ clusters: [], connect: () => Promise.reject(new Error('no cluster in this test')) })
  const app = createApp({
    config: { sessionIdleMs: options.sessionIdleMs ?? 30 * 60_000, loginRateLimit: options.loginRateLimit ?? 1000, secureCookie: false },
    store,
    clusters,
    logger: options.logger ?? pino({ level: 'silent' }),
  })
  return {
    app,
    store,
    async close() {
      await clusters.close()
      store.close()
    },
  }
}

/** A signed-in supertest agent and its CSRF token. */
export interface SignedIn {
  readonly agent: ReturnType<typeof request.agent>
  readonly csrf: string
}

/** Signs in as `username` (one of the seeded roles by default) and returns the agent and CSRF token. */
export async function signIn(app: Express, username: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const agent = request.agent(app)
  const res = await agent.post('/api/auth/login').send({ username, password })
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`)
  return { agent, csrf: (res.body as { csrfToken: string }).csrfToken }
}
