import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { renderWithProviders } from '../../../testing/render-app.js'
import { SnapshotBrowser } from './snapshot-browser.js'

const sessions = '{"type":"sessions","documents":[{"SessionID":{"$numberLong":"7"},"Status":"Running","TotalQuery":{"$numberLong":"12"}},{"SessionID":{"$numberLong":"9"},"Status":"Waiting","TotalQuery":{"$numberLong":"3"}}]}'

function setup(role: 'admin' | 'operator') {
  return renderWithProviders(<SnapshotBrowser cluster="embedded" type="sessions" onTypeChange={() => undefined} />, {
    role,
    routes: {
      'GET /api/clusters/:cluster/snapshots/:type': () => new Response(sessions, { headers: { 'content-type': 'application/json' } }),
      'DELETE /api/clusters/:cluster/sessions/:id': () => undefined,
      'GET /api/auth/session': () => ({ user: { username: 'u', role }, csrfToken: 't' }),
    },
  })
}

describe('SnapshotBrowser', () => {
  it('filters with a JSON condition and sorts by a column on the server', async () => {
    const user = userEvent.setup()
    const { api } = setup('operator')
    expect(await screen.findByText('Running')).toBeInTheDocument()
    await user.type(screen.getByLabelText('Filter (JSON condition)'), '{{"Status":"Running"}')
    await user.click(screen.getByRole('button', { name: 'Apply' }))
    await user.click(screen.getByRole('button', { name: 'TotalQuery' }))
    await waitFor(() => {
      const last = api.calls.filter((c) => c.path === '/api/clusters/embedded/snapshots/sessions').at(-1)!
      expect(last.search.get('condition')).toBe('{"Status":"Running"}')
      expect(last.search.get('orderBy')).toBe('{"TotalQuery":1}')
    })
    expect(screen.queryByRole('button', { name: /Kill session/ })).not.toBeInTheDocument()
  })

  it('lets an admin kill a session after confirming', async () => {
    const user = userEvent.setup()
    const { api } = setup('admin')
    await user.click(await screen.findByRole('button', { name: 'Kill session 7' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Kill session' }))
    await waitFor(() => expect(api.calls.some((c) => c.method === 'DELETE' && c.path === '/api/clusters/embedded/sessions/7')).toBe(true))
    expect(await screen.findByTestId('notice-success')).toHaveTextContent('Session 7 killed')
  })
})
