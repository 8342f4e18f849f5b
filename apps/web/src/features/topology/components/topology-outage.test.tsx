import type { Topology } from '@canopy/api-contract'
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { status } from '../../../testing/mock-api.js'
import { renderApp } from '../../../testing/render-app.js'

const topology = (): Topology => ({
  cluster: 'embedded',
  distributed: false,
  collectedAt: '2026-01-01T00:00:00Z',
  groups: [{
    name: 'SYSCoord', id: 2, role: 'coord', status: 'running', primaryNodeId: null,
    nodes: [{ id: 'h1:11810', nodeId: 1, host: 'h1', port: 11810, name: 'h1:11810', status: 'running', isPrimary: false, services: { service: 11810 }, lsn: '1', lagBehindPrimary: null, serviceStatus: true, dataStatus: null }],
  }],
})
const unavailable = () => status(503, { code: 'CLUSTER_UNAVAILABLE', message: 'The cluster cannot be reached' })

/** A minimal EventSource the test drives: the hook subscribes through the global constructor. */
class FakeEventSource {
  static last: FakeEventSource | undefined
  onopen: (() => void) | null = null
  onerror: (() => void) | null = null
  readonly listeners = new Map<string, (ev: MessageEvent<string>) => void>()
  constructor(readonly url: string) {
    FakeEventSource.last = this
  }
  addEventListener(type: string, fn: (ev: MessageEvent<string>) => void) {
    this.listeners.set(type, fn)
  }
  emit(type: string, data: unknown) {
    this.listeners.get(type)?.(new MessageEvent(type, { data: JSON.stringify(data) }))
  }
  close() {
    this.listeners.clear()
  }
}

afterEach(() => {
  FakeEventSource.last = undefined
})

describe('topology outage', () => {
  it('shows an outage alert when polls answer 503 and recovers by itself when the cluster is back', async () => {
    let down = false
    await renderApp('/c/embedded/topology', { role: 'viewer', routes: { 'GET /api/clusters/:cluster/topology': () => (down ? unavailable() : topology()) } })
    const main = screen.getByRole('main')
    await screen.findByTestId('node-h1:11810')
    expect(within(main).queryByRole('alert')).not.toBeInTheDocument()

    down = true
    const alert = await within(main).findByRole('alert', {}, { timeout: 5_000 })
    expect(alert).toHaveTextContent('Cluster unavailable')
    expect(alert).toHaveTextContent('CLUSTER_UNAVAILABLE')

    down = false
    await waitFor(() => expect(within(main).queryByRole('alert')).not.toBeInTheDocument(), { timeout: 4_000 })
    expect(screen.getByTestId('topology-map')).toHaveAttribute('data-stale', 'false')
  }, 15_000)

  it('follows the event stream: `status: down` alerts at once and keeps polling, `up` clears it', async () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    let down = false
    const { api } = await renderApp('/c/embedded/topology', { role: 'viewer', routes: { 'GET /api/clusters/:cluster/topology': () => (down ? unavailable() : topology()) } })
    const main = screen.getByRole('main')
    await screen.findByTestId('node-h1:11810')
    const source = FakeEventSource.last
    expect(source?.url).toContain('/api/clusters/embedded/events')
    source?.onopen?.()

    down = true
    source?.emit('status', { type: 'status', status: 'down', error: { code: 'CLUSTER_UNAVAILABLE', message: 'The cluster cannot be reached' } })
    expect(await within(main).findByRole('alert')).toHaveTextContent('Cluster unavailable')
    // The stream is open, yet the page polls while the cluster is down.
    const polls = () => api.calls.filter((c) => c.path.endsWith('/topology')).length
    const before = polls()
    await waitFor(() => expect(polls()).toBeGreaterThan(before + 1), { timeout: 5_000 })

    down = false
    source?.emit('status', { type: 'status', status: 'up' })
    await waitFor(() => expect(within(main).queryByRole('alert')).not.toBeInTheDocument(), { timeout: 3_000 })
    expect(screen.getByTestId('node-h1:11810')).toHaveTextContent('running')
  }, 15_000)
})
