import { expect, test } from '@playwright/test'
import { apiSignIn, signIn, snap } from '../support/console.js'

const viewer = { username: 'vera', password: 'viewer-password-1' }

test('a viewer sees no write or stop controls, a direct API write is refused, and the admin sees the refusal in the audit log', async ({ page, playwright, baseURL }) => {
  // The admin creates the viewer through the API, as a script would.
  const admin = await playwright.request.newContext({ baseURL })
  const csrf = await apiSignIn(admin)
  const created = await admin.post('/api/users', { data: { ...viewer, role: 'viewer' }, headers: { 'x-csrf-token': csrf } })
  expect([201, 409]).toContain(created.status())

  await signIn(page, viewer)
  await expect(page.getByTestId('current-user')).toContainText('Viewer')
  await page.getByRole('link', { name: 'Topology' }).click()
  const map = page.getByTestId('topology-map')
  await expect(map.getByRole('heading', { name: 'group1' })).toBeVisible()
  await expect(map.getByRole('button', { name: /^(Stop|Start)/ })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Create group' })).toHaveCount(0)
  await snap(page, 'viewer-topology')

  await page.goto('/c/embedded/data')
  await expect(page.getByRole('table', { name: 'Collection spaces' }).getByRole('link', { name: 'shop' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Create collection space' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /^Drop collection space/ })).toHaveCount(0)
  await page.goto('/c/embedded/data/shop/orders')
  await expect(page.getByTestId('documents-grid')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Insert document' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Update by condition' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /^Delete / })).toHaveCount(0)

  // The viewer calls the API directly, with a valid session and CSRF token: still refused.
  const direct = page.request
  const session = await direct.get('/api/auth/session')
  const { csrfToken } = (await session.json()) as { csrfToken: string }
  const refused = await direct.post('/api/clusters/embedded/collection-spaces', { data: { name: 'viewer_cs' }, headers: { 'x-csrf-token': csrfToken } })
  expect(refused.status()).toBe(403)
  expect(((await refused.json()) as { code: string }).code).toBe('FORBIDDEN')

  // The admin finds the refusal in the audit log page.
  await page.getByTestId('logout').click()
  await signIn(page)
  await page.goto('/admin/audit')
  await page.getByLabel('Filter by user').fill(viewer.username)
  await page.getByRole('button', { name: 'Apply' }).click()
  const audit = page.getByRole('table', { name: 'Audit log' })
  await expect(audit.getByRole('row').filter({ hasText: 'collection-spaces' }).or(audit.getByRole('row').filter({ hasText: 'collectionSpaces' })).first()).toContainText(/403|forbidden|refused|denied/i)
  await admin.dispose()
})
