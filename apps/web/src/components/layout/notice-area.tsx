import { useTranslation } from 'react-i18next'
import { useNotices } from '../../lib/notices.js'

const tone = {
  success: 'border-emerald-600 bg-emerald-50 dark:bg-emerald-950',
  error: 'border-red-600 bg-red-50 dark:bg-red-950',
  info: 'border-sky-600 bg-sky-50 dark:bg-sky-950',
} as const

/** Where action results and SequoiaDB errors appear; announced to screen readers. */
export function NoticeArea() {
  const { t } = useTranslation()
  const { notices, dismiss } = useNotices()
  return (
    <section aria-label={t('shell.notices')} aria-live="polite" className="fixed bottom-8 right-4 z-50 flex w-96 flex-col gap-2">
      {notices.map((n) => (
        <div key={n.id} role={n.tone === 'error' ? 'alert' : 'status'} data-testid={`notice-${n.tone}`} className={`rounded border-l-4 p-3 text-sm shadow ${tone[n.tone]}`}>
          <div className="flex items-start justify-between gap-2">
            <strong>{n.title}</strong>
            <button type="button" aria-label={t('common.dismiss')} onClick={() => dismiss(n.id)} className="text-slate-500">×</button>
          </div>
          {n.detail !== undefined && <p className="mt-1 break-words font-mono text-xs">{n.detail}</p>}
        </div>
      ))}
    </section>
  )
}
