import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../../../testing/render-app.js'

const spaces = () => [{ name: 'foo', collections: ['bar'], pageSize: 16384, lobPageSize: 262144, domain: null }]

describe('collection spaces', () => {
  it('drops a collection space only after its name is typed', async () => {
    const user = userEvent.setup()
    const { api } = await renderApp('/c/embedded/data', { routes: { 'GET /api/clusters/:cluster/collection-spaces': spaces, 'DELETE /api/clusters/:cluster/collection-spaces/:cs': () => undefined } })
    await user.click(await screen.findByRole('button', { name: 'Drop collection space foo' }))
    const dialog = await screen.findByRole('dialog')
    expect(dialog).toHaveTextContent('Dropping foo deletes all of its data')
    const drop = within(dialog).getByRole('button', { name: 'Drop' })
    expect(drop).toBeDisabled()
    await user.type(within(dialog).getByLabelText('Type foo to confirm'), 'fo')
    expect(drop).toBeDisabled()
    await user.type(within(dialog).getByLabelText('Type foo to confirm'), 'o')
    await user.click(drop)
    await waitFor(() => expect(api.calls.some((c) => c.method === 'DELETE' && c.path === '/api/clusters/embedded/collection-spaces/foo')).toBe(true))
  })

  it('creates a collection space with the chosen page size', async () => {
    const user = userEvent.setup()
    const { api } = await renderApp('/c/embedded/data', { routes: { 'GET /api/clusters/:cluster/collection-spaces': spaces, 'POST /api/clusters/:cluster/collection-spaces': () => ({ name: 'sales' }) } })
    await user.click(await screen.findByRole('button', { name: 'Create collection space' }))
    const dialog = await screen.findByRole('dialog', { name: 'Create collection space' })
    await user.type(within(dialog).getByLabelText('Name'), 'sales')
    await user.selectOptions(within(dialog).getByLabelText('Page size'), '16K')
    await user.click(within(dialog).getByRole('button', { name: 'Create' }))
    await waitFor(() => expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'sales', pageSize: 16384, lobPageSize: 262144 }))
  })

  it('offers no create or drop to an operator', async () => {
    await renderApp('/c/embedded/data', { role: 'operator', routes: { 'GET /api/clusters/:cluster/collection-spaces': spaces } })
    expect(await screen.findByRole('heading', { name: 'Collection spaces' })).toBeInTheDocument()
    await screen.findAllByRole('link', { name: 'foo' })
    expect(screen.queryByRole('button', { name: 'Create collection space' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Drop collection space foo' })).not.toBeInTheDocument()
  })
})
