import { Link } from '@tanstack/react-router'
import { useTranslation } from 'react-i18next'

/** One crumb: a link, or plain text for the current page. */
export interface Crumb {
  readonly label: string
  readonly to?: string
  readonly params?: Record<string, string>
}

/** Where the user is: cluster › page › collection space › collection. */
export function Breadcrumbs({ items }: { items: readonly Crumb[] }) {
  const { t } = useTranslation()
  return (
    <nav aria-label={t('shell.breadcrumbs')} className="mb-3 text-sm text-slate-500">
      <ol className="flex flex-wrap items-center gap-1">
        {items.map((c, i) => (
          <li key={`${i}-${c.label}`} className="flex items-center gap-1">
            {i > 0 && <span aria-hidden>›</span>}
            {c.to !== undefined && i < items.length - 1 ? (
              <Link to={c.to} params={c.params} className="hover:underline">{c.label}</Link>
            ) : (
              <span aria-current={i === items.length - 1 ? 'page' : undefined} className="text-slate-800 dark:text-slate-200">{c.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  )
}
