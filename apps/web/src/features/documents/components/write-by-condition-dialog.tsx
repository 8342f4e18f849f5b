import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { Dialog } from '../../../components/ui/dialog.js'
import { JsonField } from '../../../components/json-editor/json-field.js'
import { describeError, useNotices } from '../../../lib/notices.js'
import { objectTextProblem } from '../../../lib/typed-json-messages.js'
import { useDocumentMutations } from '../api/documents.js'

/**
 * Update or delete by condition. The affected count comes first (a dry run on the server), and
 * the destructive button appears only once the user has seen it.
 */
export function WriteByConditionDialog({ cluster, cs, cl, kind, initialCondition, onClose }: { cluster: string; cs: string; cl: string; kind: 'update' | 'delete' | null; initialCondition: string; onClose: () => void }) {
  const { t } = useTranslation()
  const m = useDocumentMutations(cluster, cs, cl)
  const { notify, notifyError } = useNotices()
  const [condition, setCondition] = useState(initialCondition)
  const [rule, setRule] = useState('{"$set":{}}')
  const [matched, setMatched] = useState<string | null>(null)
  const condErr = objectTextProblem(condition, t)
  const ruleErr = kind === 'update' ? objectTextProblem(rule, t, t('documents.ruleRequired')) : null
  const reset = () => { setMatched(null); m.countMatches.reset() }
  const close = () => { reset(); onClose() }
  return (
    <Dialog open={kind !== null} onOpenChange={(o) => { if (!o) close() }} title={kind === 'update' ? t('documents.updateByCondition') : t('documents.deleteByCondition')}>
      <div className="flex flex-col gap-3">
        <JsonField label={t('documents.condition')} testId="where-condition" multiline={false} value={condition} onChange={(text) => { setCondition(text); reset() }} problem={condErr} />
        {kind === 'update' && <JsonField label={t('documents.rule')} testId="where-rule" multiline={false} value={rule} onChange={(text) => { setRule(text); reset() }} problem={ruleErr} />}
        {matched !== null && (
          <p data-testid="affected-count" className="rounded bg-amber-50 p-2 text-sm font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            {t(kind === 'update' ? 'documents.affected' : 'documents.affectedDelete', { count: Number(matched) })}
          </p>
        )}
        {m.countMatches.error !== null && <p role="alert" className="text-sm text-red-600">{describeError(m.countMatches.error, t)}</p>}
        <div className="flex justify-end gap-2">
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button
            disabled={condErr !== null || ruleErr !== null}
            busy={m.countMatches.isPending}
            onClick={() => m.countMatches.mutate({ kind: kind ?? 'delete', condition, ...(kind === 'update' ? { rule } : {}) }, { onSuccess: setMatched })}
          >
            {t('documents.preview')}
          </Button>
          <Button
            variant="danger"
            disabled={matched === null}
            busy={m.updateWhere.isPending || m.deleteWhere.isPending}
            onClick={() => {
              if (kind === 'update') {
                m.updateWhere.mutate({ condition, rule }, {
                  onSuccess: (r) => { notify({ tone: 'success', title: t('documents.updated', { updated: r.updated }) }); close() },
                  onError: (err) => notifyError(t('documents.updateByCondition'), err),
                })
              } else {
                m.deleteWhere.mutate({ condition }, {
                  onSuccess: (n) => { notify({ tone: 'success', title: t('documents.deleted', { count: Number(n) }) }); close() },
                  onError: (err) => notifyError(t('documents.deleteByCondition'), err),
                })
              }
            }}
          >
            {kind === 'update' ? t('documents.updateByCondition') : t('documents.deleteByCondition')}
          </Button>
        </div>
      </div>
    </Dialog>
  )
}
