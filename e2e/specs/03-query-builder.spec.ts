import { expect, test, type Locator, type Page } from '@playwright/test'
import { connectDriver, signIn, snap } from '../support/console.js'
import { runGeneratedPython, runGeneratedTypeScript, shellFindCondition } from '../support/generated-code.js'

const expected = {
  $or: [
    { status: 'shipped', total: { $gt: 100 } },
    { 'customer.country': { $in: ['CN', 'SG'] } },
  ],
}
const ordersPage = '/c/embedded/data/shop/orders'

/**
 * The condition JSON as the CodeMirror editor shows it: its content element renders one line per
 * block, so innerText is the document text. Half-rendered text reads as itself, so a poll retries.
 */
async function conditionJson(page: Page): Promise<unknown> {
  const text = await page.getByTestId('condition-json').innerText()
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** Every orderNo of the filtered result, following the documents tab's pages to the end. */
async function orderNosThroughPages(page: Page): Promise<string[]> {
  await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'JSON', exact: true }).click()
  const json = page.getByTestId('documents-json')
  const seen: string[] = []
  for (let guard = 0; guard < 50; guard += 1) {
    await expect(json).toContainText('orderNo')
    const text = await json.innerText()
    const nos = [...text.matchAll(/"orderNo": ?"([^"]+)"/g)].map((m) => m[1] ?? '')
    seen.push(...nos)
    const next = page.getByRole('button', { name: 'Next page' })
    if (await next.isDisabled()) return seen
    await next.click()
    const first = nos[0] ?? ''
    await expect(json).not.toContainText(`"${first}"`)
  }
  throw new Error('more than 50 pages')
}

function ruleOf(group: Locator, index: number): Locator {
  return group.locator(':scope > .ruleGroup-body > .rule').nth(index)
}

test('query builder: clicks build the condition; results, URL, explain and code all agree', async ({ page, playwright, baseURL }) => {
  test.setTimeout(300_000)
  const api = await playwright.request.newContext({ baseURL })
  const db = await connectDriver(api)
  try {
    const fromDriver: string[] = []
    for await (const rec of db.collection('shop.orders').query({ condition: expected })) fromDriver.push(rec.orderNo as string)
    expect(fromDriver.length).toBeGreaterThan(0)

    await signIn(page)
    await page.goto(`${ordersPage}?tab=query`)
    const qb = page.getByTestId('query-builder')
    const root = qb.locator('.queryBuilder > .ruleGroup')
    await expect(root).toBeVisible()

    // (status = "shipped" AND total > 100) OR customer.country in ["CN","SG"]
    await root.locator(':scope > .ruleGroup-header select.ruleGroup-combinators').selectOption('or')
    await root.locator(':scope > .ruleGroup-header button.ruleGroup-addGroup').click()
    const sub = root.locator(':scope > .ruleGroup-body > .ruleGroup')
    await sub.locator(':scope > .ruleGroup-header button.ruleGroup-addRule').click()
    await ruleOf(sub, 0).locator('select.rule-fields').selectOption('status')
    await ruleOf(sub, 0).getByLabel('Value status').fill('shipped')
    // The status field has an index: the builder says so next to the rule.
    await expect(ruleOf(sub, 0).getByText('⚡ idx')).toBeVisible()
    await sub.locator(':scope > .ruleGroup-header button.ruleGroup-addRule').click()
    await ruleOf(sub, 1).locator('select.rule-fields').selectOption('total')
    await ruleOf(sub, 1).locator('select.rule-operators').selectOption('$gt')
    await ruleOf(sub, 1).getByLabel('Value total').fill('100')
    await ruleOf(sub, 1).getByLabel('Type total').selectOption('number')
    await root.locator(':scope > .ruleGroup-header button.ruleGroup-addRule').click()
    await ruleOf(root, 0).locator('select.rule-fields').selectOption('customer.country')
    await ruleOf(root, 0).locator('select.rule-operators').selectOption('$in')
    await ruleOf(root, 0).getByLabel('$in customer.country').fill('["CN","SG"]')

    await expect.poll(() => conditionJson(page)).toEqual(expected)
    await expect(page).toHaveURL(/[?&]q=/)
    await snap(page, 'query-builder')
    const bookmark = page.url()

    // The generated code carries the same condition; the TypeScript really runs.
    const codeSection = page.getByRole('region', { name: 'As code' })
    await codeSection.getByRole('tab', { name: 'sdb shell' }).click()
    const shell = await page.getByTestId('code-shell').innerText()
    expect(shell).toContain('db.shop.orders.find(')
    expect(shellFindCondition(shell)).toEqual(expected)
    await codeSection.getByRole('tab', { name: 'Python' }).click()
    const python = await runGeneratedPython(await page.getByTestId('code-python').innerText())
    expect(python.collection).toBe('shop.orders')
    expect(python.args.condition).toEqual(expected)
    await codeSection.getByRole('tab', { name: 'TypeScript' }).click()
    const clusters = (await (await api.get('/api/clusters')).json()) as { id: string; hosts: string[] }[]
    const host = clusters.find((c) => c.id === 'embedded')?.hosts[0] ?? ''
    const fromTypeScript = await runGeneratedTypeScript(await page.getByTestId('code-typescript').innerText(), host, 'orderNo')
    expect(fromTypeScript).toEqual(fromDriver)

    // Explain on the OR condition, then the results through the UI match the driver's.
    await qb.getByRole('button', { name: 'Explain' }).click()
    await expect(page.getByTestId('explain')).toContainText('Scan type')
    await qb.getByRole('button', { name: 'Run query' }).click()
    await expect(page.getByRole('tab', { name: 'Documents' })).toHaveAttribute('aria-selected', 'true')
    const fromUi = await orderNosThroughPages(page)
    expect([...fromUi].sort()).toEqual([...fromDriver].sort())
    expect(fromUi).toHaveLength(fromDriver.length)

    // The bookmark reproduces the query in a new tab.
    const tab2 = await page.context().newPage()
    await tab2.goto(bookmark)
    await expect.poll(() => conditionJson(tab2)).toEqual(expected)
    await tab2.getByRole('button', { name: 'Run query' }).click()
    const again = await orderNosThroughPages(tab2)
    expect([...again].sort()).toEqual([...fromDriver].sort())
    await tab2.close()

    // Explain names the index when one applies (status has the `status` index).
    await page.goto(`${ordersPage}?tab=query`)
    // Typed into the editor's contenteditable: fill() selects its text and inserts the new one.
    const editor = page.getByRole('textbox', { name: 'Condition JSON' })
    await editor.fill('{"status": "shipped"}')
    await expect.poll(() => conditionJson(page)).toEqual({ status: 'shipped' })
    await expect(ruleOf(root, 0).getByLabel('Value status')).toHaveValue('shipped')
    await qb.getByRole('button', { name: 'Explain' }).click()
    const explain = page.getByTestId('explain')
    await expect(explain).toContainText('ixscan')
    await expect(explain.locator('dd').nth(1)).toHaveText('status')
    await snap(page, 'query-explain')
  } finally {
    await db.close()
    await api.dispose()
  }
})
