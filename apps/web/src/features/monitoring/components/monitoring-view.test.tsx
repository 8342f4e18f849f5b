import type { ClusterEvent, MetricsSample, Topology, TopologyNode } from '@canopy/api-contract'
import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderApp } from '../../../testing/render-app.js'

/** An EventSource the test drives: the page subscribes through the global constructor. */
class FakeEventSource {
  static all: FakeEventSource[] = []
  onopen: (() => void) | null = null
  onerror: (() => void) | null = null
  readonly listeners = new Map<string, ((ev: MessageEvent<string>) => void)[]>()
  constructor(readonly url: string) {
    FakeEventSource.all.push(this)
  }
  addEventListener(type: string, fn: (ev: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn])
  }
  close() {
    this.listeners.clear()
    FakeEventSource.all = FakeEventSource.all.filter((s) => s !== this)
  }
}

/** Sends one event, as the server writes it, to every open stream of the cluster. */
function emit(event: ClusterEvent) {
  act(() => {
    for (const s of FakeEventSource.all.filter((x) => x.url.endsWith('/api/clusters/embedded/events'))) {
      s.onopen?.()
      for (const fn of s.listeners.get(event.type) ?? []) fn(new MessageEvent(event.type, { data: JSON.stringify(event) }))
    }
  })
}

const node = (id: string, isPrimary: boolean): TopologyNode => {
  const [host = '', port = '0'] = id.split(':')
  return { id, nodeId: 1, host, port: Number(port), name: id, status: 'running', isPrimary, services: { service: Number(port) }, lsn: '1', lagBehindPrimary: '0', serviceStatus: true, dataStatus: 'Normal' }
}
const topology: Topology = {
  cluster: 'embedded',
  distributed: true,
  collectedAt: '2026-11-27T10:00:00Z',
  groups: [
    { name: 'SYSCatalogGroup', id: 1, role: 'catalog', status: 'running', primaryNodeId: 'vm:11800', nodes: [node('vm:11800', true)] },
    { name: 'db1', id: 1000, role: 'data', status: 'running', primaryNodeId: 'vm:11820', nodes: [node('vm:11820', true), node('vm:11840', false)] },
    { name: 'db2', id: 1001, role: 'data', status: 'running', primaryNodeId: 'vm:11920', nodes: [node('vm:11920', true)] },
  ],
}

const rates = (insert: number | null, read: number | null = 0) => ({ insert, update: insert === null ? null : 0, delete: insert === null ? null : 0, read })
function sample(at: string, db1Primary: number, db2: number, replicaDown = false): MetricsSample {
  return {
    at,
    insert: db1Primary + db2, update: 0, delete: 0, read: 0,
    totals: { insert: 1000, update: 0, delete: 0, read: 0 },
    groups: [
      { name: 'db1', insert: db1Primary, update: 0, delete: 0, read: 0, nodesReporting: replicaDown ? 1 : 2, nodesDown: replicaDown ? 1 : 0 },
      { name: 'db2', insert: db2, update: 0, delete: 0, read: 0, nodesReporting: 1, nodesDown: 0 },
    ],
    nodes: [
      { name: 'vm:11820', group: 'db1', status: 'up', isPrimary: true, ...rates(db1Primary) },
      replicaDown ? { name: 'vm:11840', group: 'db1', status: 'down', isPrimary: false, ...rates(null, null) } : { name: 'vm:11840', group: 'db1', status: 'up', isPrimary: false, ...rates(0) },
      { name: 'vm:11920', group: 'db2', status: 'up', isPrimary: true, ...rates(db2) },
    ],
  }
}

const routes = { 'GET /api/clusters/:cluster/snapshots/:type': () => ({ type: 'sessions', documents: [] }) }
const legend = () => screen.getByTestId('rate-legend')
const scopePicker = () => screen.getByRole('combobox', { name: 'Scope' })

beforeEach(() => {
  vi.stubGlobal('EventSource', FakeEventSource)
})
afterEach(() => {
  FakeEventSource.all = []
})

describe('MonitoringView scope', () => {
  it('switches the charts between the cluster, a group and a node, keeping the scope in the URL', async () => {
    const user = userEvent.setup()
    const { router } = await renderApp('/c/embedded/monitoring', { role: 'viewer', routes })
    await screen.findByRole('region', { name: 'Live rates' })
    emit({ type: 'topology', topology })
    emit({ type: 'metrics', metrics: sample('2026-11-27T10:00:02Z', 120, 30) })
    expect(legend()).toHaveTextContent('Inserts/s: 150.0')
    expect(screen.getByTestId('scope-title')).toHaveTextContent('Whole cluster')

    // Groups and nodes come from the topology; the catalog is not in a database snapshot.
    const options = within(scopePicker()).getAllByRole('option').map((o) => o.textContent)
    expect(options).toEqual(['Whole cluster', 'Group db1', 'Group db2', 'vm:11820 (primary)', 'vm:11840', 'vm:11920 (primary)'])

    await user.selectOptions(scopePicker(), 'Group db2')
    expect(legend()).toHaveTextContent('Inserts/s: 30.0')
    expect(screen.getByRole('img', { name: /^Group db2: Inserts\/s 30\.0/ })).toBeInTheDocument()
    await waitFor(() => expect(router.state.location.search).toMatchObject({ scope: 'group:db2' }))

    await user.selectOptions(scopePicker(), 'vm:11820 (primary)')
    expect(legend()).toHaveTextContent('Inserts/s: 120.0')
    await waitFor(() => expect(router.state.location.search).toMatchObject({ scope: 'node:vm:11820' }))

    await user.selectOptions(scopePicker(), 'Whole cluster')
    expect(legend()).toHaveTextContent('Inserts/s: 150.0')
    await waitFor(() => expect(router.state.location.search).not.toHaveProperty('scope', expect.anything()))
  })

  it('opens on the scope in the URL, shows a down node as down (no rate, not zero), and pause holds the chart', async () => {
    const user = userEvent.setup()
    await renderApp('/c/embedded/monitoring?scope=node:vm:11840', { role: 'viewer', routes })
    await screen.findByRole('region', { name: 'Live rates' })
    emit({ type: 'topology', topology })
    emit({ type: 'metrics', metrics: sample('2026-11-27T10:00:02Z', 120, 30) })
    expect(scopePicker()).toHaveDisplayValue('vm:11840')
    expect(legend()).toHaveTextContent('Inserts/s: 0.0')

    emit({ type: 'metrics', metrics: sample('2026-11-27T10:00:04Z', 80, 30, true) })
    expect(legend()).toHaveTextContent('Inserts/s: —')
    expect(screen.getByRole('status')).toHaveTextContent('vm:11840 is down')

    await user.selectOptions(scopePicker(), 'Group db1')
    expect(legend()).toHaveTextContent('Inserts/s: 80.0')
    expect(screen.getByRole('status')).toHaveTextContent('Nodes down in db1: 1')
    await user.click(screen.getByRole('button', { name: 'Pause' }))
    emit({ type: 'metrics', metrics: sample('2026-11-27T10:00:06Z', 500, 30) })
    expect(legend()).toHaveTextContent('Inserts/s: 80.0')
    await user.click(screen.getByRole('button', { name: 'Resume' }))
    emit({ type: 'metrics', metrics: sample('2026-11-27T10:00:08Z', 7, 30) })
    expect(legend()).toHaveTextContent('Inserts/s: 7.0')
  })

  it('says so when the cluster only reports cluster-wide rates', async () => {
    await renderApp('/c/embedded/monitoring?scope=group:db1', { role: 'viewer', routes, language: 'zh-CN' })
    await screen.findByRole('region', { name: '实时速率' })
    emit({ type: 'metrics', metrics: { at: '2026-11-27T10:00:02Z', insert: 5, update: 0, delete: 0, read: 0, totals: { insert: 5, update: 0, delete: 0, read: 0 } } })
    expect(screen.getByRole('status')).toHaveTextContent('该集群只提供整个集群的速率。')
    expect(screen.getByRole('combobox', { name: '范围' })).toHaveDisplayValue('复制组 db1')
  })
})
