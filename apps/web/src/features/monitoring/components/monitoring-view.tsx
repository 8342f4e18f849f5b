import type { SnapshotType } from '@canopy/api-contract'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '../../../components/ui/badge.js'
import { Button } from '../../../components/ui/button.js'
import { Select } from '../../../components/ui/input.js'
import { useTheme } from '../../../lib/theme.js'
import { useMetrics } from '../hooks/use-metrics.js'
import { RateChart } from './rate-chart.js'
import { SnapshotBrowser } from './snapshot-browser.js'

const windows = [60, 300, 900, 3600] as const

/** Live operation rates (pause, time window) and the snapshot browsers. */
export function MonitoringView({ cluster, windowSeconds, onWindowChange, snapshot, onSnapshotChange }: {
  cluster: string
  windowSeconds: number
  onWindowChange: (s: number) => void
  snapshot: SnapshotType
  onSnapshotChange: (t: SnapshotType) => void
}) {
  const { t } = useTranslation()
  const { dark } = useTheme()
  const [paused, setPaused] = useState(false)
  const { samples, connected } = useMetrics(cluster, windowSeconds, paused)
  const labels = useMemo(() => ({ insert: t('monitoring.inserts'), update: t('monitoring.updates'), delete: t('monitoring.deletes'), read: t('monitoring.reads') }), [t])
  return (
    <div className="flex flex-col gap-4">
      <section aria-label={t('monitoring.charts')} className="flex flex-col gap-2">
        <div className="flex items-center gap-2">
          <h1 className="text-lg font-semibold">{t('monitoring.title')}</h1>
          <Badge tone={connected ? 'good' : 'warn'}>{connected ? t('topology.live') : '…'}</Badge>
          <Select aria-label={t('monitoring.window')} className="ml-auto w-28" value={windowSeconds} onChange={(e) => onWindowChange(Number(e.target.value))}>
            {windows.map((w) => <option key={w} value={w}>{w < 3600 ? `${w / 60} min` : '1 h'}</option>)}
          </Select>
          <Button aria-pressed={paused} onClick={() => setPaused((p) => !p)}>{paused ? t('monitoring.resume') : t('monitoring.pause')}</Button>
        </div>
        <RateChart samples={samples} labels={labels} dark={dark} windowSeconds={windowSeconds} />
      </section>
      <SnapshotBrowser cluster={cluster} type={snapshot} onTypeChange={onSnapshotChange} />
    </div>
  )
}
