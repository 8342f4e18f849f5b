import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../../testing/render-app.js'
import { status } from '../../testing/mock-api.js'

const topology = { cluster: 'embedded', distributed: true, collectedAt: '2026-01-01T00:00:00Z', groups: [] }

describe('one-time password', () => {
  it('after signing in with a one-time password, asks for a new one before anything else, then opens the console', async () => {
    let signedIn = false
    let oneTime = true
    const session = () => ({ user: { username: 'admin', role: 'admin' }, csrfToken: oneTime ? 'tok-1' : 'tok-2', mustChangePassword: oneTime })
    const user = userEvent.setup()
    const { router, api } = await renderApp('/c/embedded/topology', {
      role: null,
      routes: {
        'GET /api/auth/session': () => (signedIn ? session() : status(401, { code: 'UNAUTHENTICATED', message: 'Sign in first' })),
        'POST /api/auth/login': () => {
          signedIn = true
          return session()
        },
        'POST /api/auth/password': () => {
          oneTime = false
          return session()
        },
        'GET /api/clusters/:cluster/topology': () => topology,
      },
    })
    await user.type(await screen.findByLabelText('Username'), 'admin')
    await user.type(screen.getByLabelText('Password'), 'generated-one-time')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))

    expect(await screen.findByRole('heading', { name: 'Choose a new password' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/change-password')
    // Nothing of the console yet: no navigation, no user menu.
    expect(screen.queryByTestId('current-user')).not.toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Topology' })).not.toBeInTheDocument()
    // Going to a console page by URL still lands here.
    await router.navigate({ to: '/c/$cluster/data', params: { cluster: 'embedded' } })
    await waitFor(() => expect(router.state.location.pathname).toBe('/change-password'))

    await user.type(screen.getByLabelText('Current password'), 'generated-one-time')
    await user.type(screen.getByLabelText('New password'), 'my-own-password-1')
    await user.type(screen.getByLabelText('Repeat the new password'), 'my-own-password-1')
    await user.click(screen.getByRole('button', { name: 'Change password' }))

    expect(await screen.findByTestId('current-user')).toHaveTextContent('admin')
    expect(router.state.location.pathname).toMatch(/^\/c\/embedded\//)
    const change = api.calls.find((c) => c.method === 'POST' && c.path === '/api/auth/password')
    expect(change?.headers.get('x-csrf-token')).toBe('tok-1')
  })

  it('lets a held user log out instead', async () => {
    const user = userEvent.setup()
    const { router } = await renderApp('/c/embedded/topology', {
      routes: {
        'GET /api/auth/session': () => ({ user: { username: 'admin', role: 'admin' }, csrfToken: 't', mustChangePassword: true }),
        'POST /api/auth/logout': () => status(204, null),
      },
    })
    expect(await screen.findByRole('heading', { name: 'Choose a new password' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Log out' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'))
  })

  it('offers every user "Change password" in the user menu, and goes back to where they were', async () => {
    const user = userEvent.setup()
    const { router } = await renderApp('/c/embedded/topology', {
      role: 'viewer',
      routes: {
        'GET /api/clusters/:cluster/topology': () => topology,
        'POST /api/auth/password': () => ({ user: { username: 'viewer-user', role: 'viewer' }, csrfToken: 'n', mustChangePassword: false }),
      },
    })
    await user.click(await screen.findByRole('link', { name: 'Change password' }))
    expect(await screen.findByRole('heading', { name: 'Change password' })).toBeInTheDocument()
    expect(screen.getByText(/Your other sessions will be signed out/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/c/embedded/topology'))

    await user.click(await screen.findByRole('link', { name: 'Change password' }))
    await user.type(await screen.findByLabelText('Current password'), 'old-password-1')
    await user.type(screen.getByLabelText('New password'), 'new-password-12')
    await user.type(screen.getByLabelText('Repeat the new password'), 'new-password-12')
    await user.click(screen.getByRole('button', { name: 'Change password' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/c/embedded/topology'))
  })

  it('moves to the password page when the server holds an open session (an admin made its password one-time)', async () => {
    const { router } = await renderApp('/c/embedded/topology', {
      routes: { 'GET /api/clusters/:cluster/topology': () => status(403, { code: 'PASSWORD_CHANGE_REQUIRED', message: 'Your password is a one-time password' }) },
    })
    expect(await screen.findByRole('heading', { name: 'Choose a new password' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/change-password')
    expect(router.state.location.search).toEqual({ redirect: '/c/embedded/topology' })
  })

  it('speaks Simplified Chinese', async () => {
    await renderApp('/c/embedded/topology', {
      language: 'zh-CN',
      routes: { 'GET /api/auth/session': () => ({ user: { username: 'admin', role: 'admin' }, csrfToken: 't', mustChangePassword: true }) },
    })
    expect(await screen.findByRole('heading', { name: '设置新密码' })).toBeInTheDocument()
    expect(screen.getByLabelText('当前密码')).toBeInTheDocument()
    expect(screen.getByLabelText('再次输入新密码')).toBeInTheDocument()
  })
})
