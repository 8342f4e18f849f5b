import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router'
import { LoginForm } from '../../features/auth/components/login-form.js'

const api = getRouteApi('/login')

function LoginPage() {
  const { redirect } = api.useSearch()
  const navigate = useNavigate()
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 dark:bg-slate-950">
      <LoginForm onSuccess={() => void (redirect !== undefined && redirect.startsWith('/') && !redirect.startsWith('//') ? navigate({ href: redirect }) : navigate({ to: '/' }))} />
    </main>
  )
}

/** `/login`. */
export const Route = createLazyRoute('/login')({ component: LoginPage })
