import { act, fireEvent, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { TypedObject } from '../../lib/typed-json.js'
import { parseTypedDocument } from '../../lib/typed-json.js'
import { renderWithProviders } from '../../testing/render-app.js'
import { DocumentsGrid } from './documents-grid.js'

function manyRows(n: number): TypedObject[] {
  return Array.from({ length: n }, (_, i) => ({ kind: 'object', entries: [['_id', { kind: 'int32', text: String(i) }], ['name', { kind: 'string', value: `user-${i}` }]] }))
}

describe('DocumentsGrid', () => {
  it('scrolls a 100,000-row result without putting every row into the DOM', async () => {
    renderWithProviders(<DocumentsGrid documents={manyRows(100_000)} />)
    const grid = screen.getByRole('grid')
    expect(grid).toHaveAttribute('aria-rowcount', '100001')
    const rendered = () => within(grid).getAllByRole('row').length
    expect(rendered()).toBeLessThan(100)
    expect(screen.getByText('user-0')).toBeInTheDocument()

    const scroller = screen.getByTestId('documents-grid')
    await act(async () => {
      scroller.scrollTop = 30 * 70_000
      fireEvent.scroll(scroller)
      await new Promise((r) => setTimeout(r, 50))
    })
    expect(screen.getByText('user-70000')).toBeInTheDocument()
    expect(screen.queryByText('user-0')).not.toBeInTheDocument()
    expect(rendered()).toBeLessThan(100)
  })

  it('shows nested fields as dotted columns and expands arrays in place', async () => {
    const user = userEvent.setup()
    renderWithProviders(<DocumentsGrid documents={[parseTypedDocument('{"_id":{"$numberInt":"1"},"addr":{"city":"Guangzhou","zip":"510000"},"tags":["a","b"],"n":{"$numberLong":"5"}}')]} />)
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent)
    expect(headers).toEqual(['_id', 'addr.city', 'addr.zip', 'tags', 'n'])
    expect(screen.getByText('Guangzhou')).toBeInTheDocument()
    expect(screen.getByText('5L')).toHaveAttribute('title', 'Int64')
    expect(screen.queryByText('b')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /Expand tags/ }))
    expect(screen.getByText('b')).toBeInTheDocument()
  })
})
