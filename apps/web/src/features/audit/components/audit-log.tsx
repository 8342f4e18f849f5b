import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '../../../components/ui/badge.js'
import { Button } from '../../../components/ui/button.js'
import { Input } from '../../../components/ui/input.js'
import { describeError } from '../../../lib/notices.js'
import { useAudit } from '../api/audit.js'

/** The audit log (admins): who did what, when, with what result; filter by user and action. */
export function AuditLog({ actor, action, onFilter }: { actor?: string | undefined; action?: string | undefined; onFilter: (f: { actor?: string | undefined; action?: string | undefined }) => void }) {
  const { t } = useTranslation()
  const [a, setA] = useState(actor ?? '')
  const [c, setC] = useState(action ?? '')
  const q = useAudit(actor, action)
  const rows = q.data?.pages.flatMap((p) => p.entries) ?? []
  return (
    <div className="flex flex-col gap-2">
      <h1 className="text-lg font-semibold">{t('audit.title')}</h1>
      <form className="flex gap-2" onSubmit={(e) => { e.preventDefault(); onFilter({ actor: a.trim() === '' ? undefined : a.trim(), action: c.trim() === '' ? undefined : c.trim() }) }}>
        <Input aria-label={t('audit.filterActor')} placeholder={t('audit.filterActor')} value={a} onChange={(e) => setA(e.target.value)} className="w-48" />
        <Input aria-label={t('audit.filterAction')} placeholder={t('audit.filterAction')} value={c} onChange={(e) => setC(e.target.value)} className="w-48" />
        <Button type="submit">{t('common.apply')}</Button>
      </form>
      {q.error !== null && <p role="alert" className="text-sm text-red-600">{describeError(q.error, t)}</p>}
      <table className="w-full text-left text-xs" aria-label={t('audit.title')}>
        <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-700"><tr><th className="py-1">{t('audit.time')}</th><th>{t('audit.actor')}</th><th>{t('audit.action')}</th><th>{t('audit.target')}</th><th>{t('audit.result')}</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-100 dark:border-slate-800">
              <td className="py-1 tabular-nums">{new Date(r.at).toLocaleString()}</td>
              <td>{r.actor ?? '—'}</td>
              <td className="font-mono">{r.action}</td>
              <td className="font-mono">{r.target ?? ''}</td>
              <td><Badge tone={r.result === 'ok' ? 'good' : r.result === 'refused' ? 'warn' : 'bad'}>{t(`audit.results.${r.result}`)}{r.errorCode === null ? '' : ` ${r.errorCode}`}</Badge></td>
            </tr>
          ))}
        </tbody>
      </table>
      {q.hasNextPage && <Button busy={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>{t('audit.older')}</Button>}
    </div>
  )
}
