import { createLazyRoute } from '@tanstack/react-router'
import { useTranslation } from 'react-i18next'
import { UserManagement } from '../../features/users/components/user-management.js'
import { usePermission } from '../../lib/authorization.js'

function UsersPage() {
  const { t } = useTranslation()
  if (!usePermission('manageUsers')) return <p role="alert">{t('errors.forbidden')}</p>
  return <UserManagement />
}

/** `/admin/users` (admins). */
export const Route = createLazyRoute('/authed/admin/users')({ component: UsersPage })
