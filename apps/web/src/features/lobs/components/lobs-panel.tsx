import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js'
import { usePermission } from '../../../lib/authorization.js'
import { useNotices } from '../../../lib/notices.js'
import { lobDownloadUrl, useLobMutations, useLobs } from '../api/lobs.js'

function size(bytes: string): string {
  const n = Number(bytes)
  if (n < 1024) return `${n} B`
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`
  return `${(n / 1024 ** 3).toFixed(2)} GB`
}

/** The LOBs tab: list (id, size, created), upload with progress, download, delete. */
export function LobsPanel({ cluster, cs, cl }: { cluster: string; cs: string; cl: string }) {
  const { t } = useTranslation()
  const { data, error, isLoading } = useLobs(cluster, cs, cl)
  const { upload, remove } = useLobMutations(cluster, cs, cl)
  const can = usePermission('manageLobs')
  const { notify, notifyError } = useNotices()
  const [progress, setProgress] = useState<number | null>(null)
  const [deleteOid, setDeleteOid] = useState<string | null>(null)
  return (
    <div className="flex flex-col gap-2">
      {can && (
        <div className="flex items-center gap-2">
          <label className="text-sm">
            {t('lobs.upload')}{' '}
            <input type="file" disabled={progress !== null} onChange={(e) => {
              const file = e.target.files?.[0]
              if (file === undefined) return
              setProgress(0)
              upload.mutate({ file, onProgress: setProgress }, {
                onSuccess: () => notify({ tone: 'success', title: `${t('lobs.upload')}: ${file.name}` }),
                onError: (err) => notifyError(t('lobs.upload'), err),
                onSettled: () => setProgress(null),
              })
              e.target.value = ''
            }} />
          </label>
          {progress !== null && <progress max={1} value={progress} aria-label={t('lobs.uploading', { percent: Math.round(progress * 100) })} />}
        </div>
      )}
      {isLoading && <p>{t('common.loading')}</p>}
      {error !== null && <p role="alert" className="text-red-600">{error.message}</p>}
      {data?.length === 0 && <p className="text-slate-500">{t('lobs.empty')}</p>}
      <table className="w-full text-left text-sm" aria-label={t('lobs.title')}>
        <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-700"><tr><th className="py-1">{t('lobs.oid')}</th><th className="text-right">{t('lobs.size')}</th><th>{t('lobs.created')}</th><th>{t('common.actions')}</th></tr></thead>
        <tbody>
          {(data ?? []).map((l) => (
            <tr key={l.oid} className="border-b border-slate-100 dark:border-slate-800">
              <td className="py-1 font-mono">{l.oid}</td>
              <td className="text-right tabular-nums">{size(l.size)}</td>
              <td>{l.createTime ?? '—'}</td>
              <td className="flex gap-1">
                <a className="text-emerald-700 underline dark:text-emerald-400" href={lobDownloadUrl(cluster, cs, cl, l.oid)} download={l.oid}>{t('common.download')}</a>
                {can && <Button size="sm" variant="danger" aria-label={`${t('common.delete')} ${l.oid}`} onClick={() => setDeleteOid(l.oid)}>{t('common.delete')}</Button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConfirmDialog
        open={deleteOid !== null}
        onOpenChange={(o) => { if (!o) setDeleteOid(null) }}
        title={t('lobs.deleteConfirm', { oid: deleteOid ?? '' })}
        confirmLabel={t('common.delete')}
        cancelLabel={t('common.cancel')}
        busy={remove.isPending}
        onConfirm={() => deleteOid !== null && remove.mutate(deleteOid, {
          onSuccess: () => { notify({ tone: 'success', title: t('data.dropped', { name: deleteOid }) }); setDeleteOid(null) },
          onError: (err) => notifyError(t('common.delete'), err),
        })}
      />
    </div>
  )
}
