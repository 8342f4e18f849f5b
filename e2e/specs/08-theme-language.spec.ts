import { expect, test } from '@playwright/test'
import { signIn, snap } from '../support/console.js'

test('dark mode and Simplified Chinese persist across a reload', async ({ page }) => {
  await signIn(page)
  await page.getByTestId('theme-switch').selectOption('dark')
  await page.getByTestId('language-switch').selectOption('zh-CN')
  await expect(page.locator('html')).toHaveClass(/dark/)
  await expect(page.getByRole('link', { name: '拓扑' })).toBeVisible()
  await snap(page, 'dark-chinese')

  await page.reload()
  await expect(page.locator('html')).toHaveClass(/dark/)
  await expect(page.getByTestId('theme-switch')).toHaveValue('dark')
  await expect(page.getByTestId('language-switch')).toHaveValue('zh-CN')
  await expect(page.getByRole('link', { name: '拓扑' })).toBeVisible()

  // Back to the defaults so later journeys read English.
  await page.getByTestId('theme-switch').selectOption('system')
  await page.getByTestId('language-switch').selectOption('en')
  await expect(page.getByRole('link', { name: 'Topology' })).toBeVisible()
})
