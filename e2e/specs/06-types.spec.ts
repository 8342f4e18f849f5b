import { expect, test } from '@playwright/test'
import { Binary, Int32, Long, ObjectId, SdbDecimal, type BsonDocument } from '@canopy/sdb-client/bson'
import { connectDriver, signIn, snap } from '../support/console.js'

test('editing one field keeps the BSON type of every other value', async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL })
  const db = await connectDriver(api)
  try {
    const cs = await db.createCollectionSpace('e2e_types')
    const cl = await cs.createCollection('docs')
    const original: BsonDocument = {
      _id: new ObjectId('5f1d7a2b9c8e4d0012345678'),
      note: 'before',
      small: new Int32(7),
      big: Long.fromString('9007199254740993'),
      price: SdbDecimal.fromString('12345.678901234567890'),
      when: new Date('2024-01-02T03:04:05.678Z'),
      ref: new ObjectId('65a1b2c3d4e5f60718293a4b'),
      blob: new Binary(Buffer.from([0, 1, 2, 250, 255]), 0),
    }
    await cl.insert(original)

    await signIn(page)
    await page.goto('/c/embedded/data/e2e_types/docs')
    const grid = page.getByTestId('documents-grid')
    await expect(grid.getByText('before', { exact: true })).toBeVisible()
    await grid.getByRole('button', { name: /^Edit / }).first().click()
    const editor = page.getByTestId('document-editor')
    await expect(editor.getByLabel('Type of big')).toHaveValue('int64')
    await expect(editor.getByLabel('Type of price')).toHaveValue('decimal')
    await expect(editor.getByLabel('Type of when')).toHaveValue('date')
    await expect(editor.getByLabel('Type of blob')).toHaveValue('binary')
    await editor.getByLabel('Value of note').fill('after')
    await snap(page, 'type-keeping-editor')
    await editor.getByRole('button', { name: 'Save' }).click()
    await expect(grid.getByText('after', { exact: true })).toBeVisible()

    const saved = await cl.queryOne({ condition: { _id: original._id } })
    expect(saved).toBeDefined()
    const doc = saved as BsonDocument
    expect(doc.note).toBe('after')
    expect(doc.small).toBeInstanceOf(Int32)
    expect((doc.small as Int32).value).toBe(7)
    expect(doc.big).toBeInstanceOf(Long)
    expect((doc.big as Long).toString()).toBe('9007199254740993')
    expect(doc.price).toBeInstanceOf(SdbDecimal)
    expect((doc.price as SdbDecimal).toString()).toBe('12345.678901234567890')
    expect(doc.when).toBeInstanceOf(Date)
    expect((doc.when as Date).toISOString()).toBe('2024-01-02T03:04:05.678Z')
    expect(doc.ref).toBeInstanceOf(ObjectId)
    expect((doc.ref as ObjectId).toHexString()).toBe('65a1b2c3d4e5f60718293a4b')
    expect(doc.blob).toBeInstanceOf(Binary)
    expect(Buffer.from((doc.blob as Binary).buffer).toString('hex')).toBe('000102faff')
    await db.dropCollectionSpace('e2e_types')
  } finally {
    await db.close()
    await api.dispose()
  }
})
