import { expect, test } from '@playwright/test'
import { apiSignIn, signIn, snap } from '../support/console.js'

const insertsOf = async (legend: import('@playwright/test').Locator): Promise<number> => {
  const text = (await legend.textContent()) ?? ''
  const m = /Inserts\/s: ([\d.]+|—)/.exec(text)
  return m?.[1] === undefined || m[1] === '—' ? Number.NaN : Number(m[1])
}

test('live rates per group and per node: inserts into one group show there and not in the other', async ({ page, request }) => {
  // The API calls use a context of their own; the page signs in through the login form.
  const csrf = await apiSignIn(request)
  const headers = { 'x-csrf-token': csrf }
  expect((await request.post('/api/clusters/embedded/collection-spaces', { data: { name: 'mon' }, headers })).status()).toBe(201)
  expect((await request.post('/api/clusters/embedded/collection-spaces/mon/collections', { data: { name: 'rates', group: 'group1' }, headers })).status()).toBe(201)

  await signIn(page)
  await page.goto('/c/embedded/monitoring')
  const scope = page.getByLabel('Scope')
  await expect(scope.locator('option', { hasText: 'Group group1' })).toHaveCount(1)
  await scope.selectOption({ label: 'Group group1' })
  await expect(page).toHaveURL(/scope=group(%3A|:)group1/)
  await expect(page.getByTestId('scope-title')).toHaveText('Group group1')

  // Keep inserting into group1 while the chart polls (every 2 s).
  let writing = true
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      await request.post('/api/clusters/embedded/collection-spaces/mon/collections/rates/documents', {
        data: { documents: Array.from({ length: 50 }, (_, j) => ({ n: i * 50 + j })) },
        headers,
      })
    }
  })()
  try {
    const legend = page.getByTestId('rate-legend')
    await expect.poll(() => insertsOf(legend), { timeout: 20_000 }).toBeGreaterThan(0)
    await snap(page, 'monitoring')

    // The group's primary node carries the inserts too.
    const primary = scope.locator('optgroup[label="Nodes of group1"] option', { hasText: '(primary)' })
    await scope.selectOption({ label: (await primary.textContent()) ?? '' })
    await expect.poll(() => insertsOf(legend), { timeout: 20_000 }).toBeGreaterThan(0)

    // Another data group took none of them.
    await scope.selectOption({ label: 'Group group2' })
    await expect(page.getByTestId('scope-title')).toHaveText('Group group2')
    await expect.poll(() => insertsOf(legend), { timeout: 20_000 }).toBe(0)
  } finally {
    writing = false
    await writer
  }
})
