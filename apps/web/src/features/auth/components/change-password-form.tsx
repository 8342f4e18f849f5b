import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { Field, Input } from '../../../components/ui/input.js'
import { ApiError } from '../../../lib/api-client.js'
import { useChangePassword } from '../../../lib/auth.js'
import { describeError } from '../../../lib/notices.js'

/** The contract's NewPasswordSchema minimum; checked here too so the user hears it before sending. */
export const MIN_PASSWORD_LENGTH = 12

interface Problems {
  readonly current?: string | undefined
  readonly next?: string | undefined
  readonly repeat?: string | undefined
}

/**
 * Current, new and repeated password. Checks what it can before sending (length, repeat, not the
 * current one); the server checks the current password and answers a fresh session, after which
 * `onDone` runs.
 */
export function ChangePasswordForm({ onDone, onCancel }: { onDone: () => void; onCancel?: (() => void) | undefined }) {
  const { t } = useTranslation()
  const change = useChangePassword()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  const [submitted, setSubmitted] = useState(false)

  const problems: Problems = {
    next: next.length < MIN_PASSWORD_LENGTH ? t('auth.tooShort', { count: MIN_PASSWORD_LENGTH }) : next === current ? t('auth.sameAsCurrent') : undefined,
    repeat: repeat !== next ? t('auth.mismatch') : undefined,
  }
  const serverError = change.error
  const wrongCurrent = serverError instanceof ApiError && serverError.code === 'INVALID_CREDENTIALS'
  const shown = (p: string | undefined) => (submitted ? p : undefined)

  return (
    <form
      className="flex w-96 max-w-full flex-col gap-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        setSubmitted(true)
        if (problems.next !== undefined || problems.repeat !== undefined || current === '') return
        change.mutate({ currentPassword: current, newPassword: next }, { onSuccess: onDone })
      }}
    >
      <Field label={t('auth.currentPassword')} error={wrongCurrent ? t('auth.wrongCurrent') : shown(current === '' ? t('auth.required') : undefined)}>
        {(id) => <Input id={id} name="current-password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />}
      </Field>
      <Field label={t('auth.newPassword')} hint={t('auth.newPasswordHint', { count: MIN_PASSWORD_LENGTH })} error={shown(problems.next)}>
        {(id) => <Input id={id} name="new-password" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} value={next} onChange={(e) => setNext(e.target.value)} />}
      </Field>
      <Field label={t('auth.repeatPassword')} error={shown(problems.repeat)}>
        {(id) => <Input id={id} name="repeat-password" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
      </Field>
      {serverError !== null && !wrongCurrent && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">{t('auth.failed')}: {describeError(serverError, t)}</p>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" busy={change.isPending}>{t('auth.submit')}</Button>
        {onCancel !== undefined && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
      </div>
    </form>
  )
}
