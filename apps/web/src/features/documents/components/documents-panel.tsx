import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js'
import { Dialog } from '../../../components/ui/dialog.js'
import { Input } from '../../../components/ui/input.js'
import { usePermission } from '../../../lib/authorization.js'
import { describeError, useNotices } from '../../../lib/notices.js'
import type { QueryState } from '../../../lib/query-state.js'
import { useShortcut } from '../../../lib/shortcuts.js'
import { parseTypedJson, stringifyTypedJson, TypedJsonSyntaxError, type TypedObject } from '../../../lib/typed-json.js'
import { typedJsonErrorText } from '../../../lib/typed-json-messages.js'
import { documentId, useDocumentMutations, useDocuments } from '../api/documents.js'
import { DocumentEditor } from './document-editor.js'
import { DocumentsGrid } from '../../../components/data-grid/documents-grid.js'
import { ExportControl, ImportDialog } from './transfer-controls.js'
import { WriteByConditionDialog } from './write-by-condition-dialog.js'

type EditorState = { mode: 'insert' | 'clone'; doc: TypedObject } | { mode: 'edit'; doc: TypedObject; id: string } | null

/**
 * The documents tab: a condition box bound to the URL's query, the virtualised grid or a JSON view,
 * keyset paging, and every document write (insert, edit, clone, delete, update/delete by condition,
 * import, export).
 */
export function DocumentsPanel({ cluster, cs, cl, query, onQueryChange, view, onViewChange, page, onPageChange }: {
  cluster: string
  cs: string
  cl: string
  query: QueryState
  onQueryChange: (q: QueryState) => void
  view: 'table' | 'json'
  onViewChange: (v: 'table' | 'json') => void
  page: string | undefined
  onPageChange: (token: string | undefined) => void
}) {
  const { t } = useTranslation()
  const canWrite = usePermission('writeDocuments')
  const { notify, notifyError } = useNotices()
  const [conditionText, setConditionText] = useState(query.condition ?? '')
  const [conditionError, setConditionError] = useState<unknown>(null)
  const { data, error, isFetching } = useDocuments(cluster, cs, cl, { condition: query.condition, selector: query.selector, orderBy: query.orderBy, hint: query.hint, limit: query.limit ?? 100 }, page)
  const m = useDocumentMutations(cluster, cs, cl)
  const [editor, setEditor] = useState<EditorState>(null)
  const [deleteId, setDeleteId] = useState<string | null>(null)
  const [writeKind, setWriteKind] = useState<'update' | 'delete' | null>(null)
  const [importOpen, setImportOpen] = useState(false)

  const run = () => {
    const text = conditionText.trim()
    if (text !== '') {
      try {
        if (parseTypedJson(text).kind !== 'object') throw new TypedJsonSyntaxError('expectedObject', 0)
      } catch (e) {
        setConditionError(e)
        return
      }
    }
    setConditionError(null)
    onQueryChange({ ...query, condition: text === '' ? undefined : text })
  }
  useShortcut('mod+enter', run)

  const save = (doc: TypedObject) => {
    if (editor === null) return
    const done = () => { notify({ tone: 'success', title: editor.mode === 'edit' ? t('documents.saved') : t('documents.inserted') }); setEditor(null) }
    const fail = (err: unknown) => notifyError(editor.mode === 'edit' ? t('documents.edit') : t('documents.insert'), err)
    if (editor.mode === 'edit') m.replace.mutate({ id: editor.id, doc }, { onSuccess: done, onError: fail })
    else m.insert.mutate(doc, { onSuccess: done, onError: fail })
  }

  const docs = data?.documents ?? []
  return (
    <div className="flex flex-col gap-2">
      <form className="flex flex-wrap items-start gap-2" onSubmit={(e) => { e.preventDefault(); run() }}>
        <span className="flex min-w-80 flex-1 flex-col">
          <Input aria-label={t('documents.condition')} data-testid="condition-input" className="font-mono" placeholder='{"age": {"$gt": 30}}' value={conditionText} onChange={(e) => setConditionText(e.target.value)} />
          {conditionError !== null && <span role="alert" className="text-xs text-red-600">{typedJsonErrorText(conditionError, t)}</span>}
        </span>
        <Button type="submit" variant="primary" busy={isFetching} title="Ctrl+Enter">{t('documents.run')}</Button>
        <div role="group" aria-label={t('documents.view')} className="flex gap-1">
          <Button size="sm" aria-pressed={view === 'table'} onClick={() => onViewChange('table')}>{t('documents.table')}</Button>
          <Button size="sm" aria-pressed={view === 'json'} onClick={() => onViewChange('json')}>{t('documents.json')}</Button>
        </div>
        <ExportControl cluster={cluster} cs={cs} cl={cl} query={query} />
        {canWrite && (
          <span className="flex gap-1">
            <Button size="sm" onClick={() => setEditor({ mode: 'insert', doc: { kind: 'object', entries: [] } })}>{t('documents.insert')}</Button>
            <Button size="sm" onClick={() => setWriteKind('update')}>{t('documents.updateByCondition')}</Button>
            <Button size="sm" onClick={() => setWriteKind('delete')}>{t('documents.deleteByCondition')}</Button>
            <Button size="sm" onClick={() => setImportOpen(true)}>{t('documents.import')}</Button>
          </span>
        )}
      </form>
      {error !== null && <p role="alert" className="text-sm text-red-600">{describeError(error, t)}</p>}
      <div className="flex items-center gap-2 text-xs text-slate-500">
        <span>{t('documents.rows', { count: docs.length })}{data?.estimatedCount != null ? ` · ${t('documents.estimated', { count: Number(data.estimatedCount) })}` : ''}</span>
        <Button size="sm" disabled={page === undefined} onClick={() => onPageChange(undefined)}>{t('documents.firstPage')}</Button>
        <Button size="sm" disabled={data?.nextPageToken == null} onClick={() => onPageChange(data?.nextPageToken ?? undefined)}>{t('documents.nextPage')}</Button>
      </div>
      {view === 'table' ? (
        <DocumentsGrid
          documents={docs}
          actions={canWrite ? (doc) => {
            const id = documentId(doc)
            return (
              <>
                <Button size="sm" variant="ghost" aria-label={`${t('common.edit')} ${id ?? ''}`} disabled={id === null} onClick={() => id !== null && setEditor({ mode: 'edit', doc, id })}>{t('common.edit')}</Button>
                <Button size="sm" variant="ghost" aria-label={`${t('common.clone')} ${id ?? ''}`} onClick={() => setEditor({ mode: 'clone', doc: { kind: 'object', entries: doc.entries.filter(([k]) => k !== '_id') } })}>{t('common.clone')}</Button>
                <Button size="sm" variant="ghost" aria-label={`${t('common.delete')} ${id ?? ''}`} disabled={id === null} onClick={() => setDeleteId(id)}>{t('common.delete')}</Button>
              </>
            )
          } : undefined}
        />
      ) : (
        <pre data-testid="documents-json" className="max-h-[520px] overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-900">{docs.map((d) => stringifyTypedJson(d, 2)).join('\n')}</pre>
      )}
      <Dialog open={editor !== null} onOpenChange={(o) => { if (!o) setEditor(null) }} title={editor === null ? '' : t(editor.mode === 'edit' ? 'documents.edit' : editor.mode === 'clone' ? 'documents.clone' : 'documents.insert')} wide>
        {editor !== null && <DocumentEditor initial={editor.doc} onSave={save} onCancel={() => setEditor(null)} saving={m.insert.isPending || m.replace.isPending} />}
      </Dialog>
      <ConfirmDialog
        open={deleteId !== null}
        onOpenChange={(o) => { if (!o) setDeleteId(null) }}
        title={t('documents.deleteConfirm', { id: deleteId ?? '' })}
        confirmLabel={t('common.delete')}
        cancelLabel={t('common.cancel')}
        busy={m.deleteOne.isPending}
        onConfirm={() => deleteId !== null && m.deleteOne.mutate(deleteId, {
          onSuccess: () => { notify({ tone: 'success', title: t('documents.deleted', { count: 1 }) }); setDeleteId(null) },
          onError: (err) => notifyError(t('documents.delete'), err),
        })}
      />
      {writeKind !== null && <WriteByConditionDialog cluster={cluster} cs={cs} cl={cl} kind={writeKind} initialCondition={query.condition ?? '{}'} onClose={() => setWriteKind(null)} />}
      <ImportDialog cluster={cluster} cs={cs} cl={cl} open={importOpen} onOpenChange={setImportOpen} />
    </div>
  )
}
