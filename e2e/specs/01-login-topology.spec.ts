import { expect, test } from '@playwright/test'
import { signIn, snap } from '../support/console.js'

test('the admin signs in and the topology map shows coord, catalog and data groups, all running', async ({ page }) => {
  await signIn(page)
  await page.getByRole('link', { name: 'Topology' }).click()
  const map = page.getByTestId('topology-map')
  await expect(map).toBeVisible()
  for (const group of ['SYSCoord', 'SYSCatalogGroup', 'group1', 'group2', 'group3']) {
    await expect(map.getByRole('heading', { name: group })).toBeVisible()
  }
  // Every node reports running and each data group has exactly one primary.
  await expect(map.getByText('stopped', { exact: true })).toHaveCount(0)
  for (const group of ['group1', 'group2', 'group3']) {
    const card = map.locator('section, article, div').filter({ has: page.getByRole('heading', { name: group, exact: true }) }).last()
    await expect(card.getByText('Primary', { exact: true })).toHaveCount(1)
  }
  await snap(page, 'topology')
  await page.getByRole('button', { name: 'Table' }).click()
  await expect(page.getByTestId('topology-table')).toBeVisible()
})
