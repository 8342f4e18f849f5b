import { useTranslation } from 'react-i18next'
import { Select } from '../../../components/ui/input.js'
import { formatScope, type MetricsScope, type ScopeOptions } from '../metrics-scope.js'

/**
 * Picks what the live charts show: the whole cluster, a group, or a node (grouped under its
 * replica group). A native select, so keyboard and screen readers work as everywhere else.
 */
export function ScopePicker({ scope, options, onChange }: { scope: MetricsScope; options: ScopeOptions; onChange: (scope: string | undefined) => void }) {
  const { t } = useTranslation()
  const value = formatScope(scope) ?? 'cluster'
  const extraLabel = scope.kind === 'group' ? t('monitoring.groupOption', { name: scope.name }) : scope.kind === 'node' ? scope.name : ''
  const known = value === 'cluster' || options.groups.some((g) => g.value === value) || options.nodes.some((g) => g.nodes.some((n) => n.value === value))
  return (
    <Select aria-label={t('monitoring.scope')} className="w-64" value={value} onChange={(e) => onChange(e.target.value === 'cluster' ? undefined : e.target.value)}>
      <option value="cluster">{t('monitoring.cluster')}</option>
      {/* A scope from the URL that the cluster does not report (yet) stays selectable. */}
      {!known && <option value={value}>{extraLabel}</option>}
      {options.groups.length > 0 && (
        <optgroup label={t('monitoring.groups')}>
          {options.groups.map((g) => <option key={g.value} value={g.value}>{t('monitoring.groupOption', { name: g.name })}</option>)}
        </optgroup>
      )}
      {options.nodes.map((g) => (
        <optgroup key={g.group} label={t('monitoring.nodesOf', { group: g.group })}>
          {g.nodes.map((n) => <option key={n.value} value={n.value}>{n.isPrimary === true ? t('monitoring.primaryNode', { name: n.name }) : n.name}</option>)}
        </optgroup>
      ))}
    </Select>
  )
}
