import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js'
import { Dialog } from '../../../components/ui/dialog.js'
import { Field, Input } from '../../../components/ui/input.js'
import { usePermission } from '../../../lib/authorization.js'
import { useNotices } from '../../../lib/notices.js'
import { useChangeCollection } from '../api/collections.js'

/** Drop (type the name), truncate (type the name) and rename buttons for one collection. */
export function CollectionActions({ cluster, cs, cl, onDropped, onRenamed }: { cluster: string; cs: string; cl: string; onDropped?: () => void; onRenamed?: (newName: string) => void }) {
  const { t } = useTranslation()
  const can = usePermission('manageCollections')
  const change = useChangeCollection(cluster, cs)
  const { notify, notifyError } = useNotices()
  const [ask, setAsk] = useState<'drop' | 'truncate' | 'rename' | null>(null)
  const [newName, setNewName] = useState('')
  if (!can) return null
  const full = `${cs}.${cl}`
  return (
    <span className="flex gap-1">
      <Button size="sm" aria-label={`${t('data.renameCl')} ${full}`} onClick={() => { setNewName(cl); setAsk('rename') }}>{t('common.rename')}</Button>
      <Button size="sm" aria-label={`${t('data.truncateCl')} ${full}`} onClick={() => setAsk('truncate')}>{t('common.truncate')}</Button>
      <Button size="sm" variant="danger" aria-label={`${t('data.dropCl')} ${full}`} onClick={() => setAsk('drop')}>{t('common.drop')}</Button>
      {(ask === 'drop' || ask === 'truncate') && (
        <ConfirmDialog
          open
          onOpenChange={(o) => { if (!o) setAsk(null) }}
          title={`${ask === 'drop' ? t('data.dropCl') : t('data.truncateCl')} ${full}`}
          confirmLabel={ask === 'drop' ? t('common.drop') : t('common.truncate')}
          cancelLabel={t('common.cancel')}
          typeToConfirm={cl}
          typePrompt={t('common.typeToConfirm', { name: cl })}
          busy={change.isPending}
          onConfirm={() => change.mutate({ kind: ask, cl }, {
            onSuccess: () => {
              notify({ tone: 'success', title: t(ask === 'drop' ? 'data.dropped' : 'data.truncated', { name: full }) })
              setAsk(null)
              if (ask === 'drop') onDropped?.()
            },
            onError: (err) => notifyError(ask === 'drop' ? t('data.dropCl') : t('data.truncateCl'), err),
          })}
        >
          <p>{ask === 'drop' ? t('data.dropWarning', { name: full }) : t('data.truncateWarning', { name: full })}</p>
        </ConfirmDialog>
      )}
      <Dialog open={ask === 'rename'} onOpenChange={(o) => { if (!o) setAsk(null) }} title={`${t('data.renameCl')} ${full}`}>
        <form className="flex flex-col gap-3" onSubmit={(e) => {
          e.preventDefault()
          change.mutate({ kind: 'rename', cl, newName }, {
            onSuccess: () => { notify({ tone: 'success', title: t('data.renamed', { name: newName }) }); setAsk(null); onRenamed?.(newName) },
            onError: (err) => notifyError(t('data.renameCl'), err),
          })
        }}>
          <Field label={t('data.newName')}>{(id) => <Input id={id} required value={newName} onChange={(e) => setNewName(e.target.value)} />}</Field>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setAsk(null)}>{t('common.cancel')}</Button>
            <Button type="submit" variant="primary" disabled={newName === '' || newName === cl} busy={change.isPending}>{t('common.rename')}</Button>
          </div>
        </form>
      </Dialog>
    </span>
  )
}
