import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { useLogout } from '../../../lib/auth.js'
import { ChangePasswordForm } from './change-password-form.js'

/**
 * The page to choose a new password. `forced`: the user signed in with a one-time password and
 * sees nothing else until it is replaced (they may only log out); otherwise the user chose to
 * change it and may go back.
 */
export function ChangePasswordPage({ forced, onDone, onBack, onLoggedOut }: { forced: boolean; onDone: () => void; onBack: () => void; onLoggedOut: () => void }) {
  const { t } = useTranslation()
  const logout = useLogout()
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 p-4 dark:bg-slate-950">
      <section aria-labelledby="change-password-title" className="flex flex-col gap-4">
        <h1 id="change-password-title" className="text-xl font-semibold">{forced ? t('auth.chooseTitle') : t('auth.changePassword')}</h1>
        <p className="max-w-96 text-sm text-slate-600 dark:text-slate-300">{forced ? t('auth.oneTimeIntro') : t('auth.voluntaryIntro')}</p>
        <ChangePasswordForm onDone={onDone} onCancel={forced ? undefined : onBack} />
        {forced && (
          <Button variant="ghost" size="sm" className="self-start" busy={logout.isPending} onClick={() => logout.mutate(undefined, { onSettled: onLoggedOut })}>
            {t('shell.logout')}
          </Button>
        )}
      </section>
    </main>
  )
}
