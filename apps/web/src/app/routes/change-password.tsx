import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router'
import { ChangePasswordPage } from '../../features/auth/components/change-password-page.js'
import { mustChangePassword, useSession } from '../../lib/auth.js'

const api = getRouteApi('/change-password')

// Only same-origin paths: a crafted link must not send the user elsewhere after the change.
const safeTarget = (redirect: string | undefined) => (redirect !== undefined && redirect.startsWith('/') && !redirect.startsWith('//') && !redirect.startsWith('/change-password') ? redirect : undefined)

function ChangePasswordRoute() {
  const { redirect } = api.useSearch()
  const navigate = useNavigate()
  const { data } = useSession()
  const target = safeTarget(redirect)
  const toConsole = () => void (target === undefined ? navigate({ to: '/' }) : navigate({ href: target }))
  return (
    <ChangePasswordPage
      forced={mustChangePassword(data)}
      onDone={toConsole}
      onBack={toConsole}
      onLoggedOut={() => void navigate({ to: '/login', search: {} })}
    />
  )
}

/** `/change-password`. */
export const Route = createLazyRoute('/change-password')({ component: ChangePasswordRoute })
