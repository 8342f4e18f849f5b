import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { renderWithProviders } from '../../../testing/render-app.js'
import { parseTypedDocument, stringifyTypedJson, type TypedObject } from '../../../lib/typed-json.js'
import { DocumentEditor } from './document-editor.js'

const everyType = '{"_id":{"$oid":"65a1b2c3d4e5f60718293a4b"},"i":{"$numberInt":"7"},"l":{"$numberLong":"9007199254740993"},"d":{"$numberDouble":"1e+20"},"m":{"$decimal":"12.50","$precision":[10,2]},"s":"text","b":true,"n":null,"t":{"$date":"2024-01-02T03:04:05.000Z"},"ts":{"$timestamp":{"t":1700000000,"i":5}},"bin":{"$binary":{"base64":"AAEC","subType":"04"}},"re":{"$regularExpression":{"pattern":"^a","options":"i"}},"min":{"$minKey":1},"max":{"$maxKey":1},"o":{"2":"two","1":{"$numberInt":"1"}},"arr":[{"$numberLong":"1"},"x"]}'

function setup(text = everyType) {
  const onSave = vi.fn<(doc: TypedObject) => void>()
  renderWithProviders(<DocumentEditor initial={parseTypedDocument(text)} onSave={onSave} onCancel={() => undefined} />)
  const saved = () => stringifyTypedJson(onSave.mock.calls.at(-1)![0])
  return { onSave, saved, user: userEvent.setup() }
}

describe('DocumentEditor', () => {
  it('shows each value with its BSON type', () => {
    setup()
    expect(screen.getByLabelText('Type of l')).toHaveDisplayValue('Int64')
    expect(screen.getByLabelText('Type of m')).toHaveDisplayValue('Decimal')
    expect(screen.getByLabelText('Type of t')).toHaveDisplayValue('Date')
    expect(screen.getByLabelText('Type of _id')).toHaveDisplayValue('ObjectId')
    expect(screen.getByLabelText('Type of bin')).toHaveDisplayValue('Binary')
    expect(screen.getByLabelText('Type of ts')).toHaveDisplayValue('Timestamp')
    expect(screen.getByLabelText('Value of l')).toHaveValue('9007199254740993')
    expect(screen.getByLabelText('Value of t')).toHaveValue('2024-01-02T03:04:05.000Z')
  })

  it('saves an untouched document with every type byte-for-byte', async () => {
    const { user, saved } = setup()
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(saved()).toBe(everyType)
  })

  it('edits an Int64 beyond 2^53 as itself, leaving every other value untouched', async () => {
    const { user, saved } = setup()
    const input = screen.getByLabelText('Value of l')
    await user.clear(input)
    await user.type(input, '9007199254740995')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(saved()).toBe(everyType.replace('9007199254740993', '9007199254740995'))
  })

  it('edits Decimal, Date and ObjectId values as their own types', async () => {
    const { user, saved } = setup()
    await user.clear(screen.getByLabelText('Value of m'))
    await user.type(screen.getByLabelText('Value of m'), '99.125')
    await user.clear(screen.getByLabelText('Value of t'))
    await user.type(screen.getByLabelText('Value of t'), '2025-06-30T10:00:00Z')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    const out = saved()
    expect(out).toContain('"m":{"$decimal":"99.125"}')
    expect(out).toContain('"t":{"$date":"2025-06-30T10:00:00.000Z"}')
    expect(out).toContain('"_id":{"$oid":"65a1b2c3d4e5f60718293a4b"}')
  })

  it('changes a type only when the user picks another one', async () => {
    const { user, saved } = setup('{"_id":{"$numberInt":"1"},"a":{"$numberInt":"5"}}')
    await user.selectOptions(screen.getByLabelText('Type of a'), 'Int64')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(saved()).toBe('{"_id":{"$numberInt":"1"},"a":{"$numberLong":"5"}}')
  })

  it('refuses a value that does not fit its type instead of saving it as a string', async () => {
    const { user, onSave } = setup('{"_id":{"$numberInt":"1"},"a":{"$numberInt":"5"}}')
    await user.clear(screen.getByLabelText('Value of a'))
    await user.type(screen.getByLabelText('Value of a'), '3000000000')
    expect(screen.getByText(/Out of Int32 range/)).toBeVisible()
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled()
    expect(onSave).not.toHaveBeenCalled()
  })

  it('round-trips through the raw JSON view', async () => {
    const { user, saved } = setup()
    await user.click(screen.getByRole('button', { name: 'Edit as JSON' }))
    await user.click(screen.getByRole('button', { name: 'Edit as fields' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(saved()).toBe(everyType)
  })
})
