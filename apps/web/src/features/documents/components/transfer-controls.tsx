import type { DataFormat } from '@canopy/api-contract'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { Dialog } from '../../../components/ui/dialog.js'
import { Select } from '../../../components/ui/input.js'
import { useQueryClient } from '@tanstack/react-query'
import { describeError, useNotices } from '../../../lib/notices.js'
import { queryKeys } from '../../../lib/query-keys.js'
import { kindLabel } from '../../../lib/typed-json.js'
import { typedJsonErrorText } from '../../../lib/typed-json-messages.js'
import { exportDocuments, importDocuments, saveBlob } from '../api/transfer.js'
import { formatOf, type ImportPreview, previewImport, RowNotObjectError } from './import-preview.js'

/** Exports the current query's result as JSON, NDJSON or CSV. */
export function ExportControl({ cluster, cs, cl, query }: { cluster: string; cs: string; cl: string; query: { condition?: string | undefined; selector?: string | undefined; orderBy?: string | undefined } }) {
  const { t } = useTranslation()
  const [format, setFormat] = useState<DataFormat>('ndjson')
  const [busy, setBusy] = useState(false)
  const { notifyError } = useNotices()
  return (
    <span className="flex items-center gap-1">
      <Select aria-label={t('documents.format')} value={format} onChange={(e) => setFormat(e.target.value === 'csv' ? 'csv' : e.target.value === 'json' ? 'json' : 'ndjson')} className="w-24">
        <option value="ndjson">NDJSON</option><option value="json">JSON</option><option value="csv">CSV</option>
      </Select>
      <Button size="sm" busy={busy} onClick={() => {
        setBusy(true)
        exportDocuments(cluster, cs, cl, format, query)
          .then((blob) => saveBlob(blob, `${cs}.${cl}.${format}`))
          .catch((err: unknown) => notifyError(t('documents.export'), err))
          .finally(() => setBusy(false))
      }}>{t('documents.export')}</Button>
    </span>
  )
}

/** Imports a file: shows its first rows with their types, then a progress bar while it loads. */
export function ImportDialog({ cluster, cs, cl, open, onOpenChange }: { cluster: string; cs: string; cl: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const { notify } = useNotices()
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [progress, setProgress] = useState<{ rows: number; inserted: number; failed: number; done: boolean } | null>(null)
  const [errors, setErrors] = useState<string[]>([])
  const [failure, setFailure] = useState<string | null>(null)
  const running = progress !== null && !progress.done
  const choose = async (f: File | null) => {
    setFile(f)
    setProgress(null)
    setErrors([])
    setFailure(null)
    setPreview(f === null ? null : previewImport(await f.slice(0, 64 * 1024).text(), formatOf(f.name)))
  }
  const start = () => {
    if (file === null || preview === null) return
    setProgress({ rows: 0, inserted: 0, failed: 0, done: false })
    let totals = { inserted: 0, failed: 0 }
    importDocuments(cluster, cs, cl, preview.format, file, (e) => {
      if (e.type === 'error') setErrors((x) => (x.length < 100 ? [...x, `#${e.row}: ${e.code} ${e.message}`] : x))
      else {
        totals = { inserted: e.inserted, failed: e.failed }
        setProgress({ rows: e.rows, inserted: e.inserted, failed: e.failed, done: e.type === 'done' })
      }
    })
      .then(() => {
        setProgress((p) => (p === null ? p : { ...p, done: true }))
        notify({ tone: totals.failed > 0 ? 'info' : 'success', title: t('documents.importDone', { name: file.name, ...totals }) })
      })
      .catch((err: unknown) => { setFailure(describeError(err, t)); setProgress((p) => (p === null ? p : { ...p, done: true })) })
      .finally(() => void qc.invalidateQueries({ queryKey: queryKeys.collection(cluster, cs, cl) }))
  }
  // The byte count is the honest progress measure before the server reports rows.
  const pct = progress === null || file === null ? 0 : progress.done ? 100 : Math.min(99, Math.round((progress.rows / Math.max(1, estimateRows(file.size, preview))) * 100))
  return (
    <Dialog open={open} onOpenChange={(o) => { if (!running) onOpenChange(o) }} title={t('documents.import')} wide>
      <div className="flex flex-col gap-3 text-sm">
        <label className="flex flex-col gap-1 text-xs">
          {t('documents.chooseFile')}
          <input type="file" accept=".json,.ndjson,.jsonl,.csv" disabled={running} onChange={(e) => void choose(e.target.files?.[0] ?? null)} />
        </label>
        {preview !== null && (
          <div data-testid="import-preview">
            <p className="text-xs font-medium">{t('documents.importPreview')} ({preview.format})</p>
            {preview.error !== undefined && <p role="alert" className="text-red-600">{preview.error instanceof RowNotObjectError ? t('documents.rowNotObject') : typedJsonErrorText(preview.error, t)}</p>}
            <ul className="flex flex-wrap gap-2 text-xs">
              {preview.fields.map((f) => <li key={f.name} className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">{f.name}: {f.kinds.map((k) => kindLabel[k]).join(' | ')}</li>)}
            </ul>
            <pre className="mt-1 max-h-32 overflow-auto rounded bg-slate-50 p-1 text-[11px] dark:bg-slate-900">{preview.rows.map((r) => r.join(', ')).join('\n')}</pre>
          </div>
        )}
        {progress !== null && (
          <div>
            <progress className="w-full" max={100} value={pct} aria-label={t('documents.importProgress', { done: progress.inserted })} />
            <p>{t('documents.importProgress', { done: progress.inserted })}{progress.failed > 0 ? ` · ${t('documents.importErrors', { count: progress.failed })}` : ''}</p>
          </div>
        )}
        {errors.length > 0 && <ul className="max-h-32 overflow-auto font-mono text-xs text-red-600">{errors.map((e) => <li key={e}>{e}</li>)}</ul>}
        {failure !== null && <p role="alert" className="text-red-600">{failure}</p>}
        <div className="flex justify-end gap-2">
          <Button disabled={running} onClick={() => onOpenChange(false)}>{t('common.close')}</Button>
          <Button variant="primary" disabled={file === null || preview?.error !== undefined || progress?.done === true} busy={running} onClick={start}>{t('documents.import')}</Button>
        </div>
      </div>
    </Dialog>
  )
}

function estimateRows(bytes: number, preview: ImportPreview | null): number {
  const sample = preview?.rows ?? []
  if (sample.length === 0) return 1
  const avg = sample.reduce((n, r) => n + r.join(',').length + 1, 0) / sample.length
  return Math.max(1, Math.round(bytes / avg))
}
