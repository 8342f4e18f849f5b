import { useTranslation } from 'react-i18next'
import { Select } from '../../../components/ui/input.js'
import { useClusters } from '../api/get-clusters.js'

/** Chooses the cluster the console works on; the choice lives in the URL (`/c/:cluster`). */
export function ClusterSwitcher({ value, onChange }: { value: string; onChange: (cluster: string) => void }) {
  const { t } = useTranslation()
  const { data } = useClusters()
  const clusters = data ?? [{ id: value, name: value, hosts: [], status: 'unknown' as const }]
  return (
    <Select aria-label={t('shell.cluster')} data-testid="cluster-switcher" value={value} onChange={(e) => onChange(e.target.value)} className="w-56">
      {clusters.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}{c.status === 'down' ? ' (down)' : ''}
        </option>
      ))}
    </Select>
  )
}
