import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../../../testing/render-app.js'

const at = '2026-11-27T10:00:00.000Z'
const users = () => ({
  users: [
    { username: 'admin', role: 'admin', createdAt: at, updatedAt: at },
    { username: 'dora', role: 'operator', mustChangePassword: true, createdAt: at, updatedAt: at },
  ],
})

describe('user management', () => {
  it('marks users who still have a one-time password', async () => {
    await renderApp('/admin/users', { routes: { 'GET /api/users': users } })
    const row = (await screen.findByText('dora')).closest('tr')
    expect(row).not.toBeNull()
    expect(within(row as HTMLElement).getByText('one-time password')).toBeInTheDocument()
    const adminRow = screen.getByText('admin', { selector: 'td' }).closest('tr')
    expect(within(adminRow as HTMLElement).queryByText('one-time password')).not.toBeInTheDocument()
  })

  it('creates a user with a one-time password unless the admin unticks it', async () => {
    const user = userEvent.setup()
    const { api } = await renderApp('/admin/users', { routes: { 'GET /api/users': users, 'POST /api/users': () => ({ username: 'eve', role: 'viewer', createdAt: at, updatedAt: at }) } })
    await user.click(await screen.findByRole('button', { name: 'Create user' }))
    const dialog = await screen.findByRole('dialog', { name: 'Create user' })
    await user.type(within(dialog).getByLabelText('Username'), 'eve')
    await user.type(within(dialog).getByLabelText('Password'), 'a-long-enough-password')
    expect(within(dialog).getByLabelText('One-time password: must be changed at the next sign-in')).toBeChecked()
    await user.click(within(dialog).getByRole('button', { name: 'Create' }))
    await waitFor(() => expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ username: 'eve', password: 'a-long-enough-password', role: 'viewer', mustChangePassword: true }))
  })

  it('resets a password as a permanent one when the box is unticked', async () => {
    const user = userEvent.setup()
    const { api } = await renderApp('/admin/users', { routes: { 'GET /api/users': users, 'PATCH /api/users/:username': () => ({ username: 'dora', role: 'operator', createdAt: at, updatedAt: at }) } })
    const row = (await screen.findByText('dora')).closest('tr') as HTMLElement
    await user.click(within(row).getByRole('button', { name: 'Reset password' }))
    const dialog = await screen.findByRole('dialog')
    await user.type(within(dialog).getByLabelText('Password'), 'another-long-password')
    await user.click(within(dialog).getByLabelText('One-time password: must be changed at the next sign-in'))
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(api.calls.find((c) => c.method === 'PATCH')).toMatchObject({ path: '/api/users/dora', body: { password: 'another-long-password', mustChangePassword: false } }))
  })
})
