import { useTranslation } from 'react-i18next'
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js'
import { describeError } from '../../../lib/notices.js'
import { useStopImpact } from '../api/get-stop-impact.js'
import { formatLag } from './health.js'

/**
 * Confirms stopping a node or a group. For a node the impact preview (primary? majority kept?
 * the others' lag) is fetched and shown before the stop button becomes available.
 */
export function StopDialog({ cluster, target, onCancel, onConfirm }: {
  cluster: string
  target: { kind: 'node' | 'group'; id: string; group: string } | null
  onCancel: () => void
  onConfirm: () => void
}) {
  const { t } = useTranslation()
  const impact = useStopImpact(cluster, target?.kind === 'node' ? target.id : null)
  const d = impact.data
  return (
    <ConfirmDialog
      open={target !== null}
      onOpenChange={(o) => { if (!o) onCancel() }}
      title={t('topology.impactTitle', { target: target?.id ?? '' })}
      confirmLabel={t('topology.stop')}
      cancelLabel={t('common.cancel')}
      onConfirm={onConfirm}
      confirmDisabled={target?.kind === 'node' && d === undefined}
    >
      <div data-testid="stop-impact" className="flex flex-col gap-2">
        {target?.kind === 'group' && <p>{t('topology.stopGroupImpact', { group: target.id })}</p>}
        {target?.kind === 'node' && impact.isLoading && <p>{t('topology.impactLoading')}</p>}
        {target?.kind === 'node' && impact.error !== null && <p role="alert" className="text-red-600">{describeError(impact.error, t)}</p>}
        {target?.kind === 'node' && d !== undefined && (
          <>
            <p className={d.isPrimary ? 'font-semibold text-amber-700 dark:text-amber-400' : ''}>{d.isPrimary ? t('topology.isPrimary', { group: d.group }) : t('topology.notPrimary')}</p>
            <p className={d.keepsMajority ? '' : 'font-semibold text-red-700 dark:text-red-400'}>
              {t(d.keepsMajority ? 'topology.keepsMajority' : 'topology.losesMajority', { after: Math.max(0, d.runningNodes - 1), total: d.totalNodes, group: d.group })}
            </p>
            {d.others.length > 0 && (
              <div>
                <p className="text-xs font-medium">{t('topology.othersLag')}</p>
                <ul className="text-xs">
                  {d.others.map((o) => (
                    <li key={o.id} className="font-mono">{o.id} · {o.status} · {formatLag(o.lagBehindPrimary)}</li>
                  ))}
                </ul>
              </div>
            )}
            {d.warnings.map((w) => <p key={w} className="text-amber-700 dark:text-amber-400">⚠ {w}</p>)}
          </>
        )}
      </div>
    </ConfirmDialog>
  )
}
