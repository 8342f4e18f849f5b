import type { Role } from '@canopy/api-contract'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '../../../components/ui/badge.js'
import { Button } from '../../../components/ui/button.js'
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js'
import { Dialog } from '../../../components/ui/dialog.js'
import { Field, Input, Select } from '../../../components/ui/input.js'
import { useSession } from '../../../lib/auth.js'
import { describeError, useNotices } from '../../../lib/notices.js'
import { useUserMutations, useUsers } from '../api/users.js'

const roles: readonly Role[] = ['viewer', 'operator', 'admin']
const asRole = (v: string): Role => roles.find((r) => r === v) ?? 'viewer'

/**
 * User management (admins): list, create, change role, reset password, delete. A password an
 * admin sets is one-time by default: the user chooses their own at the next sign-in.
 */
export function UserManagement() {
  const { t } = useTranslation()
  const { data, error } = useUsers()
  const m = useUserMutations()
  const me = useSession().data?.user.username
  const { notify, notifyError } = useNotices()
  const [createOpen, setCreateOpen] = useState(false)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [role, setRole] = useState<Role>('viewer')
  const [createOneTime, setCreateOneTime] = useState(true)
  const [resetOneTime, setResetOneTime] = useState(true)
  const [resetFor, setResetFor] = useState<string | null>(null)
  const [newPassword, setNewPassword] = useState('')
  const [deleteUser, setDeleteUser] = useState<string | null>(null)
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2">
        <h1 className="text-lg font-semibold">{t('users.title')}</h1>
        <Button className="ml-auto" variant="primary" onClick={() => setCreateOpen(true)}>{t('users.create')}</Button>
      </div>
      {error !== null && <p role="alert" className="text-sm text-red-600">{describeError(error, t)}</p>}
      <table className="w-full text-left text-sm" aria-label={t('users.title')}>
        <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-700"><tr><th className="py-1">{t('users.username')}</th><th>{t('users.role')}</th><th>{t('common.actions')}</th></tr></thead>
        <tbody>
          {(data ?? []).map((u) => (
            <tr key={u.username} className="border-b border-slate-100 dark:border-slate-800">
              <td className="py-1">{u.username}{u.mustChangePassword === true && <span className="ml-2"><Badge tone="warn">{t('users.oneTimeBadge')}</Badge></span>}</td>
              <td>
                <Select aria-label={t('users.changeRole', { user: u.username })} className="w-36" value={u.role} disabled={u.username === me} onChange={(e) => m.update.mutate({ username: u.username, body: { role: asRole(e.target.value) } }, {
                  onSuccess: () => notify({ tone: 'success', title: t('users.updated', { user: u.username }) }),
                  onError: (err) => notifyError(t('users.changeRole', { user: u.username }), err),
                })}>
                  {roles.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
                </Select>
              </td>
              <td className="flex gap-1">
                <Button size="sm" onClick={() => { setNewPassword(''); setResetOneTime(true); setResetFor(u.username) }}>{t('users.resetPassword')}</Button>
                {u.username !== me && <Button size="sm" variant="danger" aria-label={`${t('common.delete')} ${u.username}`} onClick={() => setDeleteUser(u.username)}>{t('common.delete')}</Button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Dialog open={createOpen} onOpenChange={setCreateOpen} title={t('users.create')}>
        <form className="flex flex-col gap-3" onSubmit={(e) => {
          e.preventDefault()
          m.create.mutate({ username, password, role, mustChangePassword: createOneTime }, {
            onSuccess: () => { notify({ tone: 'success', title: t('users.created', { user: username }) }); setUsername(''); setPassword(''); setCreateOneTime(true); setCreateOpen(false) },
          })
        }}>
          <Field label={t('users.username')}>{(id) => <Input id={id} required pattern="[A-Za-z0-9._\-]+" maxLength={64} value={username} onChange={(e) => setUsername(e.target.value)} />}</Field>
          <Field label={t('users.password')} hint="≥ 12">{(id) => <Input id={id} type="password" autoComplete="new-password" required minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
          <Field label={t('users.role')}>{(id) => <Select id={id} value={role} onChange={(e) => setRole(asRole(e.target.value))}>{roles.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}</Select>}</Field>
          <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={createOneTime} onChange={(e) => setCreateOneTime(e.target.checked)} />{t('users.oneTime')}</label>
          {m.create.error !== null && <p role="alert" className="text-sm text-red-600">{describeError(m.create.error, t)}</p>}
          <div className="flex justify-end gap-2"><Button onClick={() => setCreateOpen(false)}>{t('common.cancel')}</Button><Button type="submit" variant="primary" busy={m.create.isPending}>{t('common.create')}</Button></div>
        </form>
      </Dialog>
      <Dialog open={resetFor !== null} onOpenChange={(o) => { if (!o) setResetFor(null) }} title={`${t('users.resetPassword')} · ${resetFor ?? ''}`}>
        <form className="flex flex-col gap-3" onSubmit={(e) => {
          e.preventDefault()
          if (resetFor === null) return
          m.update.mutate({ username: resetFor, body: { password: newPassword, mustChangePassword: resetOneTime } }, {
            onSuccess: () => { notify({ tone: 'success', title: t('users.updated', { user: resetFor }) }); setResetFor(null) },
            onError: (err) => notifyError(t('users.resetPassword'), err),
          })
        }}>
          <Field label={t('users.password')} hint="≥ 12">{(id) => <Input id={id} type="password" autoComplete="new-password" required minLength={12} value={newPassword} onChange={(e) => setNewPassword(e.target.value)} />}</Field>
          <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={resetOneTime} onChange={(e) => setResetOneTime(e.target.checked)} />{t('users.oneTime')}</label>
          <div className="flex justify-end gap-2"><Button onClick={() => setResetFor(null)}>{t('common.cancel')}</Button><Button type="submit" variant="primary" busy={m.update.isPending}>{t('common.save')}</Button></div>
        </form>
      </Dialog>
      <ConfirmDialog
        open={deleteUser !== null}
        onOpenChange={(o) => { if (!o) setDeleteUser(null) }}
        title={t('users.deleteConfirm', { user: deleteUser ?? '' })}
        confirmLabel={t('common.delete')}
        cancelLabel={t('common.cancel')}
        busy={m.remove.isPending}
        onConfirm={() => deleteUser !== null && m.remove.mutate(deleteUser, {
          onSuccess: () => { notify({ tone: 'success', title: t('users.deleted', { user: deleteUser }) }); setDeleteUser(null) },
          onError: (err) => notifyError(t('common.delete'), err),
        })}
      />
    </div>
  )
}
