import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router'
import { useTranslation } from 'react-i18next'
import { AuditLog } from '../../features/audit/components/audit-log.js'
import { usePermission } from '../../lib/authorization.js'

const api = getRouteApi('/authed/admin/audit')

function AuditPage() {
  const { t } = useTranslation()
  const search = api.useSearch()
  const navigate = useNavigate({ from: '/admin/audit' })
  if (!usePermission('viewAudit')) return <p role="alert">{t('errors.forbidden')}</p>
  return <AuditLog actor={search.actor} action={search.action} onFilter={(f) => void navigate({ search: f })} />
}

/** `/admin/audit?actor&action` (admins). */
export const Route = createLazyRoute('/authed/admin/audit')({ component: AuditPage })
