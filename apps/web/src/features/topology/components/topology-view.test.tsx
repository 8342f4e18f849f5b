import type { Topology } from '@canopy/api-contract'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../../../testing/render-app.js'

const node = (host: string, port: number, isPrimary: boolean, status: 'running' | 'stopped', lag: string | null) => ({
  id: `${host}:${port}`, nodeId: port, host, port, name: `${host}:${port}`, status, isPrimary, services: { service: port }, lsn: '100', lagBehindPrimary: lag, serviceStatus: true, dataStatus: null,
})
const topology = (): Topology => ({
  cluster: 'embedded',
  distributed: true,
  collectedAt: '2026-01-01T00:00:00Z',
  groups: [
    { name: 'group1', id: 1000, role: 'data', status: 'running', primaryNodeId: 'h1:11820', nodes: [node('h1', 11820, true, 'running', null), node('h2', 11820, false, 'running', '2048'), node('h3', 11820, false, 'stopped', null)] },
    { name: 'SYSCatalogGroup', id: 1, role: 'catalog', status: 'running', primaryNodeId: 'h1:11800', nodes: [node('h1', 11800, true, 'running', null)] },
    { name: 'SYSCoord', id: 2, role: 'coord', status: 'running', primaryNodeId: null, nodes: [node('h1', 11810, false, 'running', null)] },
  ],
})
const impact = { node: 'h1:11820', group: 'group1', isPrimary: true, runningNodes: 2, totalNodes: 3, keepsMajority: false, groupUnavailable: false, others: [{ id: 'h2:11820', status: 'running', lagBehindPrimary: '2048' }, { id: 'h3:11820', status: 'stopped', lagBehindPrimary: null }], warnings: [] }

describe('topology', () => {
  it('shows groups as cards with primary, status, lag and health colour; coord first', async () => {
    await renderApp('/c/embedded/topology', { role: 'viewer', routes: { 'GET /api/clusters/:cluster/topology': topology } })
    const g1 = await screen.findByTestId('group-group1')
    expect(g1).toHaveAttribute('data-health', 'warn')
    const primary = within(g1).getByTestId('node-h1:11820')
    expect(primary).toHaveTextContent('Primary')
    expect(primary).toHaveTextContent('running')
    expect(within(g1).getByTestId('node-h2:11820')).toHaveTextContent('2.0 KB behind')
    expect(within(g1).getByTestId('node-h3:11820')).toHaveAttribute('data-status', 'stopped')
    const order = screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'))
    expect(order).toEqual(['Group SYSCoord', 'Group SYSCatalogGroup', 'Group group1', 'Notifications'])
  })

  it('hides start/stop from viewers, shows it to operators, and group management only to admins', async () => {
    const viewer = await renderApp('/c/embedded/topology', { role: 'viewer', routes: { 'GET /api/clusters/:cluster/topology': topology } })
    await screen.findByTestId('group-group1')
    expect(screen.queryByRole('button', { name: 'Stop h1:11820' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Create group' })).not.toBeInTheDocument()
    viewer.unmount()

    const operator = await renderApp('/c/embedded/topology', { role: 'operator', routes: { 'GET /api/clusters/:cluster/topology': topology } })
    await screen.findByTestId('group-group1')
    expect(screen.getByRole('button', { name: 'Stop h1:11820' })).toBeEnabled()
    expect(screen.getByRole('button', { name: 'Start h3:11820' })).toBeEnabled()
    expect(screen.queryByRole('button', { name: 'Create group' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Remove node h2:11820' })).not.toBeInTheDocument()
    expect(screen.queryByTestId('nav-users')).not.toBeInTheDocument()
    operator.unmount()

    await renderApp('/c/embedded/topology', { role: 'admin', routes: { 'GET /api/clusters/:cluster/topology': topology } })
    await screen.findByTestId('group-group1')
    expect(screen.getByRole('button', { name: 'Create group' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Remove node h2:11820' })).toBeInTheDocument()
    expect(screen.getByTestId('nav-users')).toBeInTheDocument()
  })

  it('shows the stop impact before stopping, then the SequoiaDB error as a notice', async () => {
    const user = userEvent.setup()
    const { api } = await renderApp('/c/embedded/topology', {
      role: 'operator',
      routes: {
        'GET /api/clusters/:cluster/topology': topology,
        'GET /api/clusters/:cluster/nodes/:node/stop-impact': () => impact,
        'POST /api/clusters/:cluster/nodes/:node/stop': () => ({ __status: 409, body: { code: 'SDB_CLS_NOT_PRIMARY', message: 'Not primary node' } }),
      },
    })
    await user.click(await screen.findByRole('button', { name: 'Stop h1:11820' }))
    const dialog = await screen.findByRole('dialog', { name: 'Stop h1:11820?' })
    const preview = await within(dialog).findByText(/This node is the primary of group1/)
    expect(preview).toBeInTheDocument()
    expect(within(dialog).getByText(/loses its majority \(1 of 3 nodes running\)/)).toBeInTheDocument()
    expect(within(dialog).getByText(/h2:11820 · running · 2.0 KB/)).toBeInTheDocument()
    expect(api.calls.some((c) => c.method === 'POST' && c.path.endsWith('/stop'))).toBe(false)
    await user.click(within(dialog).getByRole('button', { name: 'Stop' }))
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST' && c.path === '/api/clusters/embedded/nodes/h1%3A11820/stop')).toBe(true))
    const notice = await screen.findByTestId('notice-error')
    expect(notice).toHaveTextContent('Stop h1:11820 failed')
    expect(notice).toHaveTextContent('SDB_CLS_NOT_PRIMARY: Not primary node')
  })

  it('switches to the table view through the URL', async () => {
    const user = userEvent.setup()
    const { router } = await renderApp('/c/embedded/topology', { role: 'viewer', routes: { 'GET /api/clusters/:cluster/topology': topology } })
    await user.click(await screen.findByRole('button', { name: 'Table' }))
    expect(await screen.findByTestId('topology-table')).toBeInTheDocument()
    expect(router.state.location.search).toMatchObject({ view: 'table' })
    expect(within(screen.getByTestId('topology-table')).getAllByRole('row')).toHaveLength(6)
  })
})
