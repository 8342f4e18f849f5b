import type { SnapshotType } from '@canopy/api-contract'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js'
import { Input, Select } from '../../../components/ui/input.js'
import { usePermission } from '../../../lib/authorization.js'
import { columnPaths, valueAt } from '../../../lib/document-columns.js'
import { describeError, useNotices } from '../../../lib/notices.js'
import { displayValue, parseTypedJson, scalarToText } from '../../../lib/typed-json.js'
import { useKillSession, useSnapshot } from '../api/snapshots.js'

const types = ['sessions', 'contexts', 'collections', 'health', 'database'] as const

function validJson(text: string): boolean {
  if (text.trim() === '') return true
  try {
    return parseTypedJson(text).kind === 'object'
  } catch {
    return false
  }
}

/** Snapshot browser: pick a snapshot, filter with a JSON condition, sort by a column, kill sessions. */
export function SnapshotBrowser({ cluster, type, onTypeChange }: { cluster: string; type: SnapshotType; onTypeChange: (t: SnapshotType) => void }) {
  const { t } = useTranslation()
  const [filter, setFilter] = useState('')
  const [applied, setApplied] = useState<string | undefined>(undefined)
  const [sort, setSort] = useState<{ field: string; dir: 1 | -1 } | null>(null)
  const { data, error, isFetching } = useSnapshot(cluster, type, applied, sort === null ? undefined : JSON.stringify({ [sort.field]: sort.dir }))
  const kill = useKillSession(cluster)
  const canKill = usePermission('killSession')
  const { notify, notifyError } = useNotices()
  const [killId, setKillId] = useState<string | null>(null)
  const docs = data ?? []
  const cols = columnPaths(docs.slice(0, 200), 40)
  return (
    <section aria-label={t('monitoring.snapshots')} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-sm font-semibold">{t('monitoring.snapshots')}</h2>
        <Select aria-label={t('monitoring.snapshots')} value={type} onChange={(e) => onTypeChange(types.find((x) => x === e.target.value) ?? 'sessions')} className="w-40">
          {types.map((x) => <option key={x} value={x}>{t(`monitoring.types.${x}`)}</option>)}
        </Select>
        <form className="flex flex-1 gap-2" onSubmit={(e) => { e.preventDefault(); if (validJson(filter)) setApplied(filter.trim() === '' ? undefined : filter) }}>
          <Input aria-label={t('monitoring.filter')} placeholder={`${t('monitoring.filter')} {"Status":"Running"}`} aria-invalid={!validJson(filter)} className="font-mono" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <Button type="submit" busy={isFetching} disabled={!validJson(filter)}>{t('common.apply')}</Button>
        </form>
      </div>
      {error !== null && <p role="alert" className="text-sm text-red-600">{describeError(error, t)}</p>}
      <div className="max-h-[480px] overflow-auto">
        <table className="w-full text-left text-xs" aria-label={t(`monitoring.types.${type === 'sessions' || type === 'contexts' || type === 'collections' || type === 'health' || type === 'database' ? type : 'sessions'}`)}>
          <thead className="sticky top-0 bg-slate-50 dark:bg-slate-900">
            <tr>
              {type === 'sessions' && canKill && <th>{t('common.actions')}</th>}
              {cols.map((c) => (
                <th key={c} aria-sort={sort?.field === c ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'} className="px-1">
                  <button type="button" className="font-mono hover:underline" onClick={() => setSort(sort?.field === c && sort.dir === 1 ? { field: c, dir: -1 } : { field: c, dir: 1 })}>
                    {c}{sort?.field === c ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {docs.map((d, i) => {
              const sid = valueAt(d, 'SessionID')
              return (
                <tr key={i} className="border-b border-slate-100 dark:border-slate-800">
                  {type === 'sessions' && canKill && (
                    <td>{sid !== undefined && <Button size="sm" variant="danger" aria-label={`${t('monitoring.killSession')} ${scalarToText(sid)}`} onClick={() => setKillId(scalarToText(sid))}>{t('monitoring.killSession')}</Button>}</td>
                  )}
                  {cols.map((c) => {
                    const v = valueAt(d, c)
                    return <td key={c} className="max-w-60 truncate px-1 font-mono">{v === undefined ? '' : displayValue(v)}</td>
                  })}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={killId !== null}
        onOpenChange={(o) => { if (!o) setKillId(null) }}
        title={t('monitoring.killConfirm', { id: killId ?? '' })}
        confirmLabel={t('monitoring.killSession')}
        cancelLabel={t('common.cancel')}
        busy={kill.isPending}
        onConfirm={() => killId !== null && kill.mutate(killId, {
          onSuccess: () => { notify({ tone: 'success', title: t('monitoring.killed', { id: killId }) }); setKillId(null) },
          onError: (err) => notifyError(t('monitoring.killSession'), err),
        })}
      />
    </section>
  )
}
