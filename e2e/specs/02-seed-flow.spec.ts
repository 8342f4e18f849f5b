import { expect, test } from '@playwright/test'
import { signIn, snap } from '../support/console.js'

// The flow of the vendor's guide (shared/SEED.md), done entirely in the browser.
test('create foo (16K) and bar, insert Tom, index name_age, update to 19, delete, drop', async ({ page }) => {
  await signIn(page)
  await page.goto('/c/embedded/data')

  await page.getByRole('button', { name: 'Create collection space' }).click()
  const csDialog = page.getByRole('dialog')
  await csDialog.getByLabel('Name').fill('foo')
  await csDialog.getByLabel('Page size', { exact: true }).selectOption('16384')
  await csDialog.getByRole('button', { name: 'Create' }).click()
  await expect(csDialog).toBeHidden()
  const spaces = page.getByRole('table', { name: 'Collection spaces' })
  await expect(spaces.getByRole('row').filter({ hasText: 'foo' })).toContainText('16K')

  await spaces.getByRole('link', { name: 'foo', exact: true }).click()
  await page.getByRole('button', { name: 'Create collection' }).click()
  const clDialog = page.getByRole('dialog')
  await clDialog.getByLabel('Name', { exact: true }).fill('bar')
  await clDialog.getByRole('button', { name: 'Create' }).click()
  await expect(clDialog).toBeHidden()
  await page.getByRole('table', { name: 'Collections' }).getByRole('link', { name: 'bar' }).click()
  await expect(page).toHaveURL(/\/data\/foo\/bar/)

  // Insert {"name":"Tom","age":24} through the JSON view of the editor.
  await page.getByRole('button', { name: 'Insert document' }).click()
  const editor = page.getByTestId('document-editor')
  await editor.getByRole('button', { name: 'Edit as JSON' }).click()
  await editor.getByRole('textbox', { name: 'Edit as JSON' }).fill('{"name":"Tom","age":24}')
  await editor.getByRole('button', { name: /Save|Insert/ }).click()
  const grid = page.getByTestId('documents-grid')
  await expect(grid.getByText('Tom', { exact: true })).toBeVisible()
  await expect(grid.getByText('24', { exact: true })).toBeVisible()
  await snap(page, 'documents')

  // Index name_age on {name: 1, age: -1}.
  await page.getByRole('tab', { name: 'Indexes' }).click()
  await page.getByRole('button', { name: 'Create index' }).click()
  const ixDialog = page.getByRole('dialog')
  await ixDialog.getByLabel('Name', { exact: true }).fill('name_age')
  await ixDialog.getByLabel('Field name 1').fill('name')
  await ixDialog.getByRole('button', { name: /Add field/ }).click()
  await ixDialog.getByLabel('Field name 2').fill('age')
  await ixDialog.getByLabel('Direction 2').selectOption('-1')
  await ixDialog.getByRole('button', { name: 'Create' }).click()
  await expect(ixDialog).toBeHidden()
  const indexes = page.getByRole('table', { name: 'Indexes' })
  await expect(indexes.getByRole('row').filter({ hasText: 'name_age' })).toContainText(/"age": ?-1/)

  // Update every record with {"$set":{"age":19}}, after seeing how many will change.
  await page.getByRole('tab', { name: 'Documents' }).click()
  await page.getByRole('button', { name: 'Update by condition' }).click()
  const upd = page.getByRole('dialog')
  // The JSON editors (CodeMirror, loaded on first use) are textboxes named by their labels.
  await upd.getByRole('textbox', { name: 'Condition' }).fill('{}')
  await upd.getByRole('textbox', { name: 'Update rule' }).fill('{"$set":{"age":19}}')
  await upd.getByRole('button', { name: 'Preview' }).click()
  await expect(upd.getByTestId('affected-count')).toContainText('1 documents match')
  await upd.getByRole('button', { name: 'Update by condition' }).click()
  await expect(upd).toBeHidden()
  await expect(grid.getByText('19', { exact: true })).toBeVisible()
  await expect(grid.getByText('24', { exact: true })).toHaveCount(0)

  // Delete it.
  await grid.getByRole('button', { name: /^Delete / }).first().click()
  await page.getByRole('dialog').getByRole('button', { name: /Delete|Confirm/ }).click()
  await expect(page.getByText('No documents')).toBeVisible()

  // Drop bar, then foo (typing the name to confirm).
  await page.goto('/c/embedded/data/foo')
  await page.getByRole('button', { name: 'Drop collection foo.bar' }).click()
  const dropCl = page.getByRole('dialog')
  const typeCl = dropCl.getByRole('textbox')
  if (await typeCl.count()) await typeCl.fill('bar')
  await dropCl.getByRole('button', { name: /Drop/ }).click()
  await expect(page.getByRole('table', { name: 'Collections' }).getByRole('link', { name: 'bar' })).toHaveCount(0)

  await page.goto('/c/embedded/data')
  await page.getByRole('button', { name: 'Drop collection space foo' }).click()
  const dropCs = page.getByRole('dialog')
  await dropCs.getByRole('textbox').fill('foo')
  await dropCs.getByRole('button', { name: /Drop/ }).click()
  await expect(page.getByRole('table', { name: 'Collection spaces' }).getByRole('link', { name: 'foo', exact: true })).toHaveCount(0)
})
