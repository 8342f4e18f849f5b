import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { Field, Input } from '../../../components/ui/input.js'
import { describeError } from '../../../lib/notices.js'
import { useLogin } from '../../../lib/auth.js'

/** Username and password form; calls `onSuccess` once the session (and its CSRF token) is loaded. */
export function LoginForm({ onSuccess }: { onSuccess: () => void }) {
  const { t } = useTranslation()
  const login = useLogin()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  return (
    <form
      className="flex w-80 flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault()
        login.mutate({ username, password }, { onSuccess })
      }}
    >
      <h1 className="text-xl font-semibold">{t('login.title')}</h1>
      <Field label={t('login.username')}>{(id) => <Input id={id} name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />}</Field>
      <Field label={t('login.password')}>{(id) => <Input id={id} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
      {login.error !== null && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{t('login.failed')}: {describeError(login.error, t)}</p>}
      <Button type="submit" variant="primary" busy={login.isPending}>{t('login.submit')}</Button>
    </form>
  )
}
