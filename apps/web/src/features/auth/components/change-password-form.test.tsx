import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { renderWithProviders } from '../../../testing/render-app.js'
import { status } from '../../../testing/mock-api.js'
import { getCsrfToken } from '../../../lib/api-client.js'
import { ChangePasswordForm } from './change-password-form.js'

const fresh = { user: { username: 'admin', role: 'admin' }, csrfToken: 'new-token', mustChangePassword: false }

async function fill(current: string, next: string, repeat: string) {
  const user = userEvent.setup()
  if (current !== '') await user.type(screen.getByLabelText('Current password'), current)
  if (next !== '') await user.type(screen.getByLabelText('New password'), next)
  if (repeat !== '') await user.type(screen.getByLabelText('Repeat the new password'), repeat)
  await user.click(screen.getByRole('button', { name: 'Change password' }))
}

describe('ChangePasswordForm', () => {
  it('labels its three fields and sends the current and new password, then reports done', async () => {
    const onDone = vi.fn()
    const { api } = renderWithProviders(<ChangePasswordForm onDone={onDone} />, { routes: { 'POST /api/auth/password': () => fresh } })
    expect(screen.getByLabelText('Current password')).toHaveAttribute('autocomplete', 'current-password')
    expect(screen.getByLabelText('New password')).toHaveAttribute('autocomplete', 'new-password')
    expect(screen.getByText('At least 12 characters.')).toBeInTheDocument()
    await fill('one-time-pass', 'my-own-password-1', 'my-own-password-1')
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce())
    const sent = api.calls.find((c) => c.method === 'POST' && c.path === '/api/auth/password')
    expect(sent?.body).toEqual({ currentPassword: 'one-time-pass', newPassword: 'my-own-password-1' })
    // Later writes use the new session's token.
    expect(getCsrfToken()).toBe('new-token')
  })

  it('says what is wrong before sending: too short, a different repeat, the current one again', async () => {
    const onDone = vi.fn()
    const { api } = renderWithProviders(<ChangePasswordForm onDone={onDone} />, { routes: { 'POST /api/auth/password': () => fresh } })
    await fill('old-password-1', 'short', 'shorter')
    expect(screen.getByText('Use at least 12 characters')).toBeInTheDocument()
    expect(screen.getByText('The two new passwords differ')).toBeInTheDocument()
    const user = userEvent.setup()
    await user.clear(screen.getByLabelText('New password'))
    await user.type(screen.getByLabelText('New password'), 'old-password-1')
    expect(screen.getByText('Choose a password that differs from the current one')).toBeInTheDocument()
    expect(api.calls.some((c) => c.path === '/api/auth/password')).toBe(false)
    expect(onDone).not.toHaveBeenCalled()
  })

  it('shows a wrong current password next to that field', async () => {
    renderWithProviders(<ChangePasswordForm onDone={vi.fn()} />, {
      routes: { 'POST /api/auth/password': () => status(403, { code: 'INVALID_CREDENTIALS', message: 'The current password is wrong' }) },
    })
    await fill('not-it-at-all', 'my-own-password-1', 'my-own-password-1')
    expect(await screen.findByText('The current password is wrong')).toBeInTheDocument()
  })

  it('shows any other refusal as an alert', async () => {
    renderWithProviders(<ChangePasswordForm onDone={vi.fn()} />, {
      routes: { 'POST /api/auth/password': () => status(429, { code: 'RATE_LIMITED', message: 'Too many wrong current passwords' }) },
    })
    await fill('not-it-at-all', 'my-own-password-1', 'my-own-password-1')
    expect(await screen.findByRole('alert')).toHaveTextContent('The password was not changed: RATE_LIMITED: Too many wrong current passwords')
  })
})
