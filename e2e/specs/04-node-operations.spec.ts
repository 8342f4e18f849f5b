import { expect, test } from '@playwright/test'
import { connectDriver, signIn, snap } from '../support/console.js'

test('stop and start a secondary, then stop a primary and see another take over', async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL })
  const db = await connectDriver(api)
  try {
    await signIn(page)
    await page.goto('/c/embedded/topology')
    const group = page.getByTestId('group-group1')
    await expect(group.locator('li[data-status="running"]')).toHaveCount(3)

    // A secondary: the confirmation says the group keeps its majority.
    const secondary = group.locator('li[data-testid^="node-"]').filter({ hasNot: page.getByText('Primary', { exact: true }) }).first()
    const secondaryId = (await secondary.getAttribute('data-testid'))!.slice('node-'.length)
    await group.getByTestId(`stop-node-${secondaryId}`).click()
    const confirm = page.getByRole('dialog')
    await expect(confirm.getByTestId('stop-impact')).toContainText('This node is a replica.')
    await expect(confirm.getByTestId('stop-impact')).toContainText('keeps its majority (2 of 3 nodes running)')
    await snap(page, 'stop-impact')
    await confirm.getByRole('button', { name: 'Stop', exact: true }).click()
    await expect(group.getByTestId(`node-${secondaryId}`)).toHaveAttribute('data-status', 'stopped')

    // Writes while it is down put it behind the primary.
    const cs = await db.createCollectionSpace('e2e_nodes')
    const cl = await cs.createCollection('writes', { group: 'group1' })
    await cl.insert(Array.from({ length: 200 }, (_, i) => ({ i, pad: 'x'.repeat(100) })))

    await group.getByTestId(`start-node-${secondaryId}`).click()
    await expect(group.getByTestId(`node-${secondaryId}`)).toHaveAttribute('data-status', 'running')
    await expect(group.getByTestId(`node-${secondaryId}`)).toContainText('0 B behind', { timeout: 30_000 })

    // The primary: the confirmation says so, and another node is elected.
    const primary = group.locator('li[data-testid^="node-"]').filter({ has: page.getByText('Primary', { exact: true }) })
    const primaryId = (await primary.getAttribute('data-testid'))!.slice('node-'.length)
    await group.getByTestId(`stop-node-${primaryId}`).click()
    await expect(confirm.getByTestId('stop-impact')).toContainText('This node is the primary of group1')
    await confirm.getByRole('button', { name: 'Stop', exact: true }).click()
    await expect(group.getByTestId(`node-${primaryId}`)).toHaveAttribute('data-status', 'stopped')
    const newPrimary = group.locator('li[data-testid^="node-"]').filter({ has: page.getByText('Primary', { exact: true }) })
    await expect(newPrimary).toHaveCount(1, { timeout: 30_000 })
    expect(await newPrimary.getAttribute('data-testid')).not.toBe(`node-${primaryId}`)

    // Leave the cluster whole for the journeys that follow.
    await group.getByTestId(`start-node-${primaryId}`).click()
    await expect(group.getByTestId(`node-${primaryId}`)).toHaveAttribute('data-status', 'running')
    await db.dropCollectionSpace('e2e_nodes')
  } finally {
    await db.close()
    await api.dispose()
  }
})
