import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { Double, Int32, toTypedJson, type BsonDocument, type TypedJson } from '@canopy/sdb-client/bson'
import { connectDriver, signIn, snap } from '../support/console.js'
import { readCsv } from '../support/csv.js'

const filter = { qty: { $gte: 5 } }

/** A typed-JSON value with its number tags read as numbers, so both sides compare by value. */
function plain(v: TypedJson): unknown {
  if (Array.isArray(v)) return v.map(plain)
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v)
    const tag = keys[0]
    if (keys.length === 1 && (tag === '$numberInt' || tag === '$numberDouble' || tag === '$numberLong')) return Number(v[tag])
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
  }
  return v
}

async function exportAs(page: Page, format: 'CSV' | 'JSON'): Promise<string> {
  await page.getByLabel('Format', { exact: true }).selectOption({ label: format })
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()])
  expect(download.suggestedFilename()).toBe(`e2e_transfer.items.${format.toLowerCase()}`)
  return readFileSync(await download.path(), 'utf8')
}

test('export the filtered result as CSV and JSON; import a CSV with a bad row', async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL })
  const db = await connectDriver(api)
  try {
    await db.dropCollectionSpace('e2e_transfer').catch(() => undefined)
    const cs = await db.createCollectionSpace('e2e_transfer')
    const items = await cs.createCollection('items')
    await cs.createCollection('imported')
    const seed: BsonDocument[] = Array.from({ length: 12 }, (_, i) => ({
      _id: new Int32(i),
      sku: `SKU-${String(i).padStart(3, '0')}`,
      qty: new Int32(i),
      price: new Double(i + 0.25),
      tag: i % 3 === 0 ? 'red, "bright"' : 'plain',
      dims: { w: new Int32(i * 10), h: new Int32(i * 20) },
    }))
    for (const doc of seed) await items.insert(doc)
    const fromDriver: BsonDocument[] = []
    for await (const rec of items.query({ condition: filter, orderBy: { _id: 1 } })) fromDriver.push(rec)
    expect(fromDriver).toHaveLength(7)

    await signIn(page)
    await page.goto('/c/embedded/data/e2e_transfer/items')
    await page.getByTestId('condition-input').fill(JSON.stringify(filter))
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect(page.getByText('7 documents', { exact: false })).toBeVisible()

    // CSV: one row per matching document, nested fields as dotted columns, values as text.
    const csv = readCsv(await exportAs(page, 'CSV'))
    expect(csv.header).toEqual(expect.arrayContaining(['_id', 'sku', 'qty', 'price', 'tag', 'dims.w', 'dims.h']))
    const csvRows = [...csv.rows].sort((a, b) => Number(a._id) - Number(b._id))
    expect(csvRows).toHaveLength(fromDriver.length)
    fromDriver.forEach((doc, i) => {
      const row = csvRows[i] ?? {}
      const dims = doc.dims as BsonDocument
      expect(row).toMatchObject({
        _id: String((doc._id as Int32).value),
        sku: doc.sku as string,
        qty: String((doc.qty as Int32).value),
        price: String((doc.price as Double).value),
        tag: doc.tag as string,
        'dims.w': String((dims.w as Int32).value),
        'dims.h': String((dims.h as Int32).value),
      })
    })

    // JSON: the same documents, values equal to the driver's.
    const json = JSON.parse(await exportAs(page, 'JSON')) as TypedJson[]
    const exported = json.map(plain) as { _id: number }[]
    exported.sort((a, b) => a._id - b._id)
    expect(exported).toEqual(fromDriver.map((d) => plain(toTypedJson(d))))
    await snap(page, 'export')

    // Import into another collection: row 3 (a line of the file) has a cell missing.
    await page.goto('/c/embedded/data/e2e_transfer/imported')
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    const dialog = page.getByRole('dialog')
    const file = 'sku,qty,note\r\nNEW-1,3,first\r\nNEW-2,4\r\nNEW-3,5,third\r\n'
    await dialog.getByLabel('File to import').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(file) })
    await expect(dialog.getByTestId('import-preview')).toContainText('sku')
    await dialog.getByRole('button', { name: 'Import', exact: true }).click()
    await expect(dialog).toContainText('Imported 2 rows')
    await expect(dialog).toContainText('1 rows failed')
    await expect(dialog.getByText(/^#3: VALIDATION_ERROR .*cells/)).toBeVisible()
    await snap(page, 'import-report')
    await dialog.getByRole('button', { name: 'Close' }).click()

    const imported: string[] = []
    for await (const rec of db.collection('e2e_transfer.imported').query({ orderBy: { sku: 1 } })) imported.push(rec.sku as string)
    expect(imported).toEqual(['NEW-1', 'NEW-3'])
    await db.dropCollectionSpace('e2e_transfer')
  } finally {
    await db.close()
    await api.dispose()
  }
})
