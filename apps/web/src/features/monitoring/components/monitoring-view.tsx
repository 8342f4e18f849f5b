import type { SnapshotType } from '@canopy/api-contract'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '../../../components/ui/badge.js'
import { Button } from '../../../components/ui/button.js'
import { Select } from '../../../components/ui/input.js'
import { useTheme } from '../../../lib/theme.js'
import { useMetrics } from '../hooks/use-metrics.js'
import { parseScope, scopeOptions, scopeSeries } from '../metrics-scope.js'
import { RateChart } from './rate-chart.js'
import { ScopePicker } from './scope-picker.js'
import { SnapshotBrowser } from './snapshot-browser.js'

const windows = [60, 300, 900, 3600] as const

/**
 * Live operation rates (scope: cluster, group or node; pause; time window) and the snapshot
 * browsers. `scope` is the `scope` search param (`group:<name>`, `node:<host:port>`, absent =
 * the whole cluster); without `onScopeChange` the view keeps the choice itself.
 */
export function MonitoringView({ cluster, windowSeconds, onWindowChange, snapshot, onSnapshotChange, scope: scopeParam, onScopeChange }: {
  cluster: string
  windowSeconds: number
  onWindowChange: (s: number) => void
  snapshot: SnapshotType
  onSnapshotChange: (t: SnapshotType) => void
  scope?: string | undefined
  onScopeChange?: (scope: string | undefined) => void
}) {
  const { t } = useTranslation()
  const { dark } = useTheme()
  const [paused, setPaused] = useState(false)
  const [ownScope, setOwnScope] = useState<string | undefined>(undefined)
  const scope = parseScope(onScopeChange === undefined ? ownScope : scopeParam)
  const { samples, connected, topology } = useMetrics(cluster, windowSeconds, paused)
  const labels = useMemo(() => ({ insert: t('monitoring.inserts'), update: t('monitoring.updates'), delete: t('monitoring.deletes'), read: t('monitoring.reads') }), [t])
  const last = samples[samples.length - 1]
  const options = useMemo(() => scopeOptions(topology, last), [topology, last])
  const points = useMemo(() => scopeSeries(samples, scope), [samples, scope])
  const scopeName = scope.kind === 'cluster' ? t('monitoring.cluster') : scope.kind === 'group' ? t('monitoring.groupOption', { name: scope.name }) : scope.name
  const lastNode = scope.kind === 'node' ? last?.nodes?.find((n) => n.name === scope.name) : undefined
  const lastGroup = scope.kind === 'group' ? last?.groups?.find((g) => g.name === scope.name) : undefined
  // A server that only gives the aggregate has no per-group or per-node series to show.
  const aggregateOnly = scope.kind !== 'cluster' && last !== undefined && last.groups === undefined
  return (
    <div className="flex flex-col gap-4">
      <section aria-label={t('monitoring.charts')} className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-lg font-semibold">{t('monitoring.title')}</h1>
          <Badge tone={connected ? 'good' : 'warn'}>{connected ? t('topology.live') : '…'}</Badge>
          <div className="ml-auto flex items-center gap-2">
            <ScopePicker scope={scope} options={options} onChange={(s) => { if (onScopeChange === undefined) setOwnScope(s); else onScopeChange(s) }} />
            <Select aria-label={t('monitoring.window')} className="w-28" value={windowSeconds} onChange={(e) => onWindowChange(Number(e.target.value))}>
              {windows.map((w) => <option key={w} value={w}>{w < 3600 ? `${w / 60} min` : '1 h'}</option>)}
            </Select>
            <Button aria-pressed={paused} onClick={() => setPaused((p) => !p)}>{paused ? t('monitoring.resume') : t('monitoring.pause')}</Button>
          </div>
        </div>
        <h2 className="text-sm font-medium" data-testid="scope-title">{scopeName}</h2>
        {lastNode?.status === 'down' && <p role="status" className="text-sm text-amber-700 dark:text-amber-400">{t('monitoring.nodeDown', { name: lastNode.name })}</p>}
        {lastGroup !== undefined && lastGroup.nodesDown > 0 && <p role="status" className="text-sm text-amber-700 dark:text-amber-400">{t('monitoring.groupNodesDown', { group: lastGroup.name, count: lastGroup.nodesDown })}</p>}
        {aggregateOnly && <p role="status" className="text-sm text-slate-600 dark:text-slate-300">{t('monitoring.aggregateOnly')}</p>}
        <RateChart samples={points} labels={labels} dark={dark} windowSeconds={windowSeconds} name={scopeName} />
      </section>
      <SnapshotBrowser cluster={cluster} type={snapshot} onTypeChange={onSnapshotChange} />
    </div>
  )
}
