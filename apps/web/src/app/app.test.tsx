import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../testing/render-app.js'

const spaces = () => [
  { name: 'foo', collections: ['bar', 'baz'], pageSize: 16384, lobPageSize: 262144, domain: null },
  { name: 'sales', collections: ['orders'], pageSize: 65536, lobPageSize: 262144, domain: null },
]
const stats = (n: string) => ({ totalRecords: n, totalLobs: '0', totalDataPages: 1, totalIndexPages: 1, totalLobPages: 0, indexes: 1, groups: ['group1'] })
const topology = { cluster: 'embedded', distributed: true, collectedAt: '2026-01-01T00:00:00Z', groups: [] }

describe('the shell', () => {
  it('sends a signed-out visitor to the login page and signs them in', async () => {
    let signedIn = false
    const user = userEvent.setup()
    const { router, api } = await renderApp('/c/embedded/topology', {
      role: null,
      routes: {
        'GET /api/auth/session': () => (signedIn ? { user: { username: 'dba', role: 'operator' }, csrfToken: 'tok-1' } : { __status: 401, body: { code: 'UNAUTHENTICATED', message: 'no' } }),
        'POST /api/auth/login': ({ body }) => { signedIn = (body as { password: string }).password === 'secret-password'; return signedIn ? { user: { username: 'dba', role: 'operator' }, csrfToken: 'tok-1' } : { __status: 401, body: { code: 'UNAUTHENTICATED', message: 'Wrong username or password' } } },
        'GET /api/clusters/:cluster/topology': () => topology,
      },
    })
    expect(await screen.findByRole('heading', { name: 'Sign in to Canopy' })).toBeInTheDocument()
    await user.type(screen.getByLabelText('Username'), 'dba')
    await user.type(screen.getByLabelText('Password'), 'wrong')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password')
    await user.clear(screen.getByLabelText('Password'))
    await user.type(screen.getByLabelText('Password'), 'secret-password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByTestId('current-user')).toHaveTextContent('dba')
    expect(screen.getByTestId('current-user')).toHaveTextContent('Operator')
    expect(router.state.location.pathname).toBe('/c/embedded/topology')
    // Writes carry the CSRF token from the session.
    await user.click(screen.getByTestId('logout'))
    const logout = api.calls.find((c) => c.method === 'POST' && c.path === '/api/auth/logout')
    expect(logout?.headers.get('x-csrf-token')).toBe('tok-1')
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'))
  })

  it('shows the tree with counts, filters it, and links collections', async () => {
    const user = userEvent.setup()
    await renderApp('/c/embedded/data', {
      routes: {
        'GET /api/clusters/:cluster/collection-spaces': spaces,
        'GET /api/clusters/:cluster/collection-spaces/:cs/collections': ({ params }) => (params.cs === 'foo' ? [{ name: 'bar', fullName: 'foo.bar', stats: stats('1200'), catalog: null }, { name: 'baz', fullName: 'foo.baz', stats: stats('35000'), catalog: null }] : [{ name: 'orders', fullName: 'sales.orders', stats: stats('7'), catalog: null }]),
      },
    })
    const tree = await screen.findByRole('navigation', { name: 'Collection spaces and collections' })
    expect(await within(tree).findByRole('link', { name: 'foo' })).toBeInTheDocument()
    await user.click(within(tree).getByRole('button', { name: 'Show the collections of foo' }))
    expect(await within(tree).findByText('1200')).toBeInTheDocument()
    expect(within(tree).getByText('35K')).toBeInTheDocument()
    await user.type(within(tree).getByLabelText('Filter collections'), 'ord')
    expect(within(tree).queryByRole('link', { name: 'foo' })).not.toBeInTheDocument()
    expect(await within(tree).findByRole('link', { name: 'orders' })).toHaveAttribute('href', '/c/embedded/data/sales/orders')
  })

  it('switches to Simplified Chinese and remembers it', async () => {
    const user = userEvent.setup()
    const { i18n } = await renderApp('/c/embedded/data', { routes: { 'GET /api/clusters/:cluster/collection-spaces': spaces } })
    await user.selectOptions(await screen.findByLabelText('Language'), '简体中文')
    expect(await screen.findByRole('link', { name: '拓扑' })).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: '集合空间' })).toBeInTheDocument()
    expect(localStorage.getItem('canopy.lang')).toBe('zh-CN')
    expect(i18n.language).toBe('zh-CN')
  })

  it('switches the theme to dark and remembers it', async () => {
    const user = userEvent.setup()
    await renderApp('/c/embedded/data', { routes: { 'GET /api/clusters/:cluster/collection-spaces': spaces } })
    await user.selectOptions(await screen.findByLabelText('Theme'), 'Dark')
    expect(document.documentElement).toHaveClass('dark')
    expect(localStorage.getItem('canopy.theme')).toBe('dark')
    await user.selectOptions(screen.getByLabelText('Theme'), 'Light')
    expect(document.documentElement).not.toHaveClass('dark')
  })

  it('opens the command palette with Ctrl+K and focuses the tree with /', async () => {
    const user = userEvent.setup()
    const { router } = await renderApp('/c/embedded/data', { routes: { 'GET /api/clusters/:cluster/collection-spaces': spaces, 'GET /api/clusters/:cluster/collection-spaces/:cs/collections': () => [] } })
    await screen.findByRole('heading', { name: 'Collection spaces' })
    await screen.findAllByRole('link', { name: 'sales' })
    await user.keyboard('/')
    expect(screen.getByLabelText('Filter collections')).toHaveFocus()
    await user.keyboard('{Escape}')
    act(() => (document.activeElement as HTMLElement | null)?.blur())
    await user.keyboard('{Control>}k{/Control}')
    const palette = await screen.findByRole('dialog', { name: 'Command palette' })
    await user.type(within(palette).getByRole('combobox'), 'sales.ord')
    await user.keyboard('{Enter}')
    await waitFor(() => expect(router.state.location.pathname).toBe('/c/embedded/data/sales/orders'))
  })

  it('shows breadcrumbs for the current collection', async () => {
    await renderApp('/c/embedded/data/foo/bar?tab=details', {
      routes: {
        'GET /api/clusters/:cluster/collection-spaces': spaces,
        'GET /api/clusters/:cluster/collection-spaces/:cs/collections': () => [],
        'GET /api/clusters/:cluster/collection-spaces/:cs/collections/:cl': () => ({ name: 'bar', fullName: 'foo.bar', stats: stats('3'), catalog: { ShardingKey: { a: 1 } } }),
        'GET /api/clusters/:cluster/collection-spaces/:cs/collections/:cl/indexes': () => [],
      },
    })
    const crumbs = await screen.findByRole('navigation', { name: 'Breadcrumbs' })
    expect(within(crumbs).getAllByRole('listitem').map((li) => li.textContent?.replace('›', ''))).toEqual(['embedded', 'Data', 'foo', 'bar'])
    expect(await screen.findByTestId('collection-details')).toHaveTextContent('ShardingKey')
  })
})
