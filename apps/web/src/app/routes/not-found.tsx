import { Link } from '@tanstack/react-router'
import { useTranslation } from 'react-i18next'

/** Shown for an unknown URL. */
export function NotFound() {
  const { t } = useTranslation()
  return (
    <div className="p-8">
      <h1 className="text-xl font-semibold">{t('errors.notFound')}</h1>
      <Link to="/" className="text-emerald-700 underline">{t('shell.home')}</Link>
    </div>
  )
}
