import { expect, type APIRequestContext, type Page } from '@playwright/test'
import { Client } from '@canopy/sdb-client'
import { adminUser } from './env.js'

/** Signs in through the login page and waits for the shell. */
export async function signIn(page: Page, user: { username: string; password: string } = adminUser): Promise<void> {
  await page.goto('/')
  await page.getByLabel('Username').fill(user.username)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('current-user')).toContainText(user.username)
}

/** An API session (cookie + CSRF token) for direct REST calls, as a script would make them. */
export async function apiSignIn(request: APIRequestContext, user: { username: string; password: string } = adminUser): Promise<string> {
  const login = await request.post('/api/auth/login', { data: user })
  expect(login.status(), await login.text()).toBeLessThan(300)
  const session = await request.get('/api/auth/session')
  const body = (await session.json()) as { csrfToken: string }
  return body.csrfToken
}

/** Connects our driver to the embedded emulator the console itself uses. */
export async function connectDriver(request: APIRequestContext): Promise<Client> {
  await apiSignIn(request)
  const res = await request.get('/api/clusters')
  const clusters = (await res.json()) as { id: string; hosts: string[] }[] | { clusters: { id: string; hosts: string[] }[] }
  const list = Array.isArray(clusters) ? clusters : clusters.clusters
  const embedded = list.find((c) => c.id === 'embedded') ?? list[0]
  if (embedded === undefined) throw new Error('no cluster configured')
  return Client.connect({ hosts: embedded.hosts })
}

/** Saves a screenshot for the README tour. */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `../docs/screenshots/${name}.png` })
}
