import { Link, useLocation } from '@tanstack/react-router'
import { useTranslation } from 'react-i18next'
import { Badge } from '../../../components/ui/badge.js'
import { Button } from '../../../components/ui/button.js'
import { Select } from '../../../components/ui/input.js'
import { useLogout, useSession } from '../../../lib/auth.js'
import { useTheme } from '../../../lib/theme.js'

/** The signed-in user and role, theme and language switches, the password change, and logout. */
export function UserMenu({ onLoggedOut }: { onLoggedOut: () => void }) {
  const { t, i18n } = useTranslation()
  const { href } = useLocation()
  const { data } = useSession()
  const logout = useLogout()
  const { choice, setChoice } = useTheme()
  const user = data?.user
  return (
    <div className="flex flex-wrap items-center justify-end gap-2 text-sm">
      <Select aria-label={t('shell.theme')} data-testid="theme-switch" value={choice} onChange={(e) => setChoice(e.target.value === 'dark' ? 'dark' : e.target.value === 'light' ? 'light' : 'system')} className="w-28">
        <option value="system">{t('shell.themeSystem')}</option>
        <option value="light">{t('shell.themeLight')}</option>
        <option value="dark">{t('shell.themeDark')}</option>
      </Select>
      <Select aria-label={t('shell.language')} data-testid="language-switch" value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value)} className="w-28">
        <option value="en">English</option>
        <option value="zh-CN">简体中文</option>
      </Select>
      {user !== undefined && (
        <span data-testid="current-user" title={t('shell.signedInAs', { user: user.username, role: t(`roles.${user.role}`) })} className="flex items-center gap-1">
          {user.username} <Badge tone="info">{t(`roles.${user.role}`)}</Badge>
        </span>
      )}
      <Link
        to="/change-password"
        search={{ redirect: href }}
        data-testid="change-password"
        className="rounded px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-600 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        {t('auth.changePassword')}
      </Link>
      <Button size="sm" data-testid="logout" busy={logout.isPending} onClick={() => logout.mutate(undefined, { onSettled: onLoggedOut })}>{t('shell.logout')}</Button>
    </div>
  )
}
