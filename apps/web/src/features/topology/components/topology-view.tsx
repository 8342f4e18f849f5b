import type { TopologyGroup, TopologyNode } from '@canopy/api-contract'
import { useMutationState } from '@tanstack/react-query'
import { lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '../../../components/ui/badge.js'
import { Button } from '../../../components/ui/button.js'
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js'
import { usePermission } from '../../../lib/authorization.js'
import { useNotices } from '../../../lib/notices.js'
import { type ControlTarget, controlMutationKey, useControl, useRemoveNode } from '../api/control.js'
import { isOutageError, useTopology } from '../api/get-topology.js'
import { useTopologyEvents } from '../hooks/use-topology-events.js'
import { AddNodeDialog, CreateGroupDialog } from './group-dialogs.js'
import { type DisplayStatus, formatLag, groupHealth, orderGroups, statusTone } from './health.js'
import { StopDialog } from './stop-dialog.js'

// React Flow and ELK load only when the graph is shown, keeping them out of the map's chunk.
const TopologyGraph = lazy(() => import('./topology-graph.js').then((m) => ({ default: m.TopologyGraph })))

const healthBorder = { good: 'border-emerald-500', warn: 'border-amber-500', bad: 'border-red-600' } as const

interface Actions {
  readonly canOperate: boolean
  readonly canAdmin: boolean
  readonly pending: ReadonlyMap<string, ControlTarget>
  readonly start: (t: ControlTarget) => void
  readonly askStop: (kind: 'node' | 'group', id: string, group: string) => void
  readonly askRemove: (group: string, node: string) => void
}

function displayStatus(n: TopologyNode, pending: ReadonlyMap<string, ControlTarget>, group: string): DisplayStatus {
  const p = pending.get(`node:${n.id}`) ?? pending.get(`group:${group}`)
  if (p !== undefined) return p.action === 'start' ? 'starting' : 'stopping'
  return n.status
}

function NodeActions({ n, group, a }: { n: TopologyNode; group: string; a: Actions }) {
  const { t } = useTranslation()
  if (!a.canOperate) return null
  const busy = a.pending.has(`node:${n.id}`)
  return (
    <span className="flex gap-1">
      {n.status === 'running' ? (
        <Button size="sm" busy={busy} aria-label={`${t('topology.stop')} ${n.id}`} data-testid={`stop-node-${n.id}`} onClick={() => a.askStop('node', n.id, group)}>{t('topology.stop')}</Button>
      ) : (
        <Button size="sm" busy={busy} aria-label={`${t('topology.start')} ${n.id}`} data-testid={`start-node-${n.id}`} onClick={() => a.start({ kind: 'node', id: n.id, action: 'start' })}>{t('topology.start')}</Button>
      )}
      {a.canAdmin && <Button size="sm" variant="ghost" aria-label={`${t('topology.removeNode')} ${n.id}`} onClick={() => a.askRemove(group, n.id)}>×</Button>}
    </span>
  )
}

function GroupCard({ g, a, selected, onSelect, onAddNode }: { g: TopologyGroup; a: Actions; selected?: string | undefined; onSelect: (id: string) => void; onAddNode: (group: string) => void }) {
  const { t } = useTranslation()
  const health = groupHealth(g)
  const busy = a.pending.has(`group:${g.name}`)
  return (
    <section aria-label={`${t('topology.group')} ${g.name}`} data-testid={`group-${g.name}`} data-health={health} className={`flex flex-col gap-2 rounded-lg border-2 p-3 ${healthBorder[health]}`}>
      <header className="flex items-center gap-2">
        <h3 className="font-semibold">{g.name}</h3>
        <Badge>{t(`topology.roles.${g.role}`)}</Badge>
        <Badge tone={statusTone(g.status)}>{t(`topology.statusValues.${g.status}`)}</Badge>
        {a.canOperate && g.role !== 'coord' && (
          <span className="ml-auto flex gap-1">
            <Button size="sm" busy={busy && a.pending.get(`group:${g.name}`)?.action === 'start'} onClick={() => a.start({ kind: 'group', id: g.name, action: 'start' })}>{t('topology.startGroup')}</Button>
            <Button size="sm" busy={busy && a.pending.get(`group:${g.name}`)?.action === 'stop'} onClick={() => a.askStop('group', g.name, g.name)}>{t('topology.stopGroup')}</Button>
          </span>
        )}
      </header>
      <ul className="flex flex-col gap-1">
        {g.nodes.map((n) => {
          const s = displayStatus(n, a.pending, g.name)
          return (
            <li
              key={n.id}
              data-testid={`node-${n.id}`}
              data-status={s}
              className={`flex items-center gap-2 rounded px-2 py-1 text-sm ${selected === n.id ? 'bg-emerald-50 ring-1 ring-emerald-500 dark:bg-emerald-950' : 'bg-slate-50 dark:bg-slate-900'}`}
            >
              <button type="button" className="font-mono hover:underline" onClick={() => onSelect(n.id)} aria-pressed={selected === n.id}>{n.id}</button>
              {n.isPrimary && <Badge tone="info">{t('topology.primary')}</Badge>}
              <Badge tone={statusTone(s)}>{t(`topology.statusValues.${s}`)}</Badge>
              {!n.isPrimary && n.lagBehindPrimary !== null && <span className="text-xs text-slate-500">{t('topology.lagValue', { lag: formatLag(n.lagBehindPrimary) })}</span>}
              <span className="ml-auto"><NodeActions n={n} group={g.name} a={a} /></span>
            </li>
          )
        })}
      </ul>
      {a.canAdmin && g.role !== 'coord' && <Button size="sm" variant="ghost" onClick={() => onAddNode(g.name)}>+ {t('topology.addNode')}</Button>}
    </section>
  )
}

function TopologyTable({ groups, a }: { groups: readonly TopologyGroup[]; a: Actions }) {
  const { t } = useTranslation()
  return (
    <table className="w-full text-left text-sm" data-testid="topology-table">
      <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-700">
        <tr>
          <th className="py-1">{t('topology.group')}</th><th>{t('topology.role')}</th><th>{t('topology.node')}</th><th>{t('topology.status')}</th><th>{t('topology.primary')}</th><th>{t('topology.lag')}</th><th>{t('common.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {groups.flatMap((g) => g.nodes.map((n) => {
          const s = displayStatus(n, a.pending, g.name)
          return (
            <tr key={n.id} className="border-b border-slate-100 dark:border-slate-800">
              <td className="py-1">{g.name}</td><td>{t(`topology.roles.${g.role}`)}</td><td className="font-mono">{n.id}</td>
              <td><Badge tone={statusTone(s)}>{t(`topology.statusValues.${s}`)}</Badge></td>
              <td>{n.isPrimary ? '★' : ''}</td><td>{n.isPrimary ? '' : formatLag(n.lagBehindPrimary)}</td>
              <td><NodeActions n={n} group={g.name} a={a} /></td>
            </tr>
          )
        }))}
      </tbody>
    </table>
  )
}

/**
 * The live cluster map (groups as cards, nodes inside) or the same data as a table, with
 * start/stop (stop confirms with the impact preview), create group, add and remove node.
 */
export function TopologyView({ cluster, view, selectedNode, onViewChange, onSelectNode }: {
  cluster: string
  view: 'map' | 'table' | 'graph'
  selectedNode?: string | undefined
  onViewChange: (v: 'map' | 'table' | 'graph') => void
  onSelectNode: (id: string) => void
}) {
  const { t } = useTranslation()
  const events = useTopologyEvents(cluster)
  const streaming = events.open
  const { data, error, isLoading, dataUpdatedAt } = useTopology(cluster, streaming, events.outage !== null)
  // The stream's `down` holds until a topology arrives after it; a failed poll is an outage too.
  const streamOutage = events.outage !== null && dataUpdatedAt < events.outage.at ? events.outage : null
  const outage = isOutageError(error) ? { code: error.code, message: error.message } : streamOutage
  const control = useControl(cluster)
  const removeNode = useRemoveNode(cluster)
  const { notify, notifyError } = useNotices()
  const canOperate = usePermission('controlNode')
  const canAdmin = usePermission('manageGroups')
  const [stopTarget, setStopTarget] = useState<{ kind: 'node' | 'group'; id: string; group: string } | null>(null)
  const [removeTarget, setRemoveTarget] = useState<{ group: string; node: string } | null>(null)
  const [createOpen, setCreateOpen] = useState(false)
  const [addNodeGroup, setAddNodeGroup] = useState<string | null>(null)
  const pendingList = useMutationState({ filters: { mutationKey: controlMutationKey(cluster), status: 'pending' }, select: (m) => m.state.variables as ControlTarget })
  const pending = new Map(pendingList.map((p) => [`${p.kind}:${p.id}`, p]))

  const run = (target: ControlTarget) => {
    control.mutate(target, {
      onSuccess: () => notify({ tone: 'success', title: t(target.action === 'start' ? 'topology.started' : 'topology.stopped', { target: target.id }) }),
      onError: (err) => notifyError(t('topology.actionFailed', { action: t(`topology.${target.action}`), target: target.id }), err),
    })
  }
  const a: Actions = {
    canOperate,
    canAdmin,
    pending,
    start: run,
    askStop: (kind, id, group) => setStopTarget({ kind, id, group }),
    askRemove: (group, node) => setRemoveTarget({ group, node }),
  }
  const groups = orderGroups(data?.groups ?? [])

  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2">
        <h1 className="text-lg font-semibold">{t('topology.title')}</h1>
        <Badge tone={streaming ? 'good' : 'neutral'} title={streaming ? 'SSE' : '2 s'}>{streaming ? t('topology.live') : t('topology.polling')}</Badge>
        <div role="group" aria-label={t('topology.view')} className="ml-auto flex gap-1">
          <Button size="sm" aria-pressed={view === 'map'} variant={view === 'map' ? 'primary' : 'secondary'} onClick={() => onViewChange('map')}>{t('topology.map')}</Button>
          <Button size="sm" aria-pressed={view === 'table'} variant={view === 'table' ? 'primary' : 'secondary'} onClick={() => onViewChange('table')}>{t('topology.table')}</Button>
          <Button size="sm" aria-pressed={view === 'graph'} variant={view === 'graph' ? 'primary' : 'secondary'} onClick={() => onViewChange('graph')}>{t('topology.graph')}</Button>
        </div>
        {canAdmin && <Button size="sm" variant="primary" onClick={() => setCreateOpen(true)}>{t('topology.createGroup')}</Button>}
      </div>
      {isLoading && <p>{t('common.loading')}</p>}
      {outage !== null ? (
        <div role="alert" data-testid="cluster-outage" className="rounded border border-red-600 bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          <p className="font-semibold">{t('topology.outageTitle')}</p>
          <p>{outage.message === '' ? outage.code : `${outage.message} (${outage.code})`}</p>
          <p className="text-xs">{t('topology.outageRetrying')}</p>
        </div>
      ) : error !== null && <p role="alert" className="text-red-600">{error.message}</p>}
      {data !== undefined && groups.length === 0 && <p className="text-slate-500">{t('topology.empty')}</p>}
      {view === 'map' ? (
        <div className={`grid grid-cols-[repeat(auto-fill,minmax(340px,1fr))] gap-3 ${outage !== null ? 'opacity-50' : ''}`} data-testid="topology-map" data-stale={outage !== null}>
          {groups.map((g) => <GroupCard key={g.name} g={g} a={a} selected={selectedNode} onSelect={onSelectNode} onAddNode={setAddNodeGroup} />)}
        </div>
      ) : view === 'table' ? (
        <TopologyTable groups={groups} a={a} />
      ) : (
        <Suspense fallback={<p>{t('common.loading')}</p>}>
          <TopologyGraph groups={groups} selected={selectedNode} onSelect={onSelectNode} />
        </Suspense>
      )}
      <StopDialog
        cluster={cluster}
        target={stopTarget}
        onCancel={() => setStopTarget(null)}
        onConfirm={() => {
          if (stopTarget !== null) run({ kind: stopTarget.kind, id: stopTarget.id, action: 'stop' })
          setStopTarget(null)
        }}
      />
      <ConfirmDialog
        open={removeTarget !== null}
        onOpenChange={(o) => { if (!o) setRemoveTarget(null) }}
        title={t('topology.removeNodeConfirm', { name: removeTarget?.node ?? '', group: removeTarget?.group ?? '' })}
        confirmLabel={t('topology.removeNode')}
        cancelLabel={t('common.cancel')}
        busy={removeNode.isPending}
        onConfirm={() => {
          if (removeTarget === null) return
          removeNode.mutate(removeTarget, {
            onSuccess: () => { notify({ tone: 'success', title: t('topology.nodeRemoved', { name: removeTarget.node }) }); setRemoveTarget(null) },
            onError: (err) => notifyError(t('topology.removeNode'), err),
          })
        }}
      />
      <CreateGroupDialog cluster={cluster} open={createOpen} onOpenChange={setCreateOpen} />
      <AddNodeDialog cluster={cluster} group={addNodeGroup} onClose={() => setAddNodeGroup(null)} />
    </div>
  )
}
