import { Link } from '@tanstack/react-router'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { NoticeArea } from './notice-area.js'

/** A top navigation entry. */
export interface NavItem {
  readonly to: string
  readonly label: string
  readonly params?: Record<string, string>
  readonly testId: string
}

/**
 * The console frame: header (cluster switcher, navigation, user menu), the collection tree on the
 * left, breadcrumbs and the page. Slots are filled by the route that composes the features.
 */
export function AppShell({ clusterSwitcher, nav, userMenu, tree, breadcrumbs, children }: {
  clusterSwitcher: ReactNode
  nav: readonly NavItem[]
  userMenu: ReactNode
  tree: ReactNode
  breadcrumbs: ReactNode
  children: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <div className="flex h-screen flex-col bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <Link to="/" className="font-semibold text-emerald-700 dark:text-emerald-400">Canopy</Link>
        {clusterSwitcher}
        <nav aria-label={t('nav.main')} className="flex gap-1">
          {nav.map((n) => (
            <Link
              key={n.to}
              to={n.to}
              params={n.params}
              data-testid={n.testId}
              className="whitespace-nowrap rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
              activeProps={{ className: 'bg-slate-100 font-semibold dark:bg-slate-800', 'aria-current': 'page' }}
            >
              {n.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto">{userMenu}</div>
      </header>
      <div className="flex min-h-0 flex-1">
        <aside className="flex w-64 shrink-0 flex-col border-r border-slate-200 p-2 dark:border-slate-800">{tree}</aside>
        <main className="flex min-w-0 flex-1 flex-col overflow-auto p-4">
          {breadcrumbs}
          {children}
        </main>
      </div>
      <footer className="border-t border-slate-200 px-3 py-1 text-[11px] text-slate-500 dark:border-slate-800">{t('shell.shortcutsHint')}</footer>
      <NoticeArea />
    </div>
  )
}
