import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { Dialog } from '../../../components/ui/dialog.js'
import { Field, Textarea } from '../../../components/ui/input.js'
import { describeError, useNotices } from '../../../lib/notices.js'
import type { TFunction } from 'i18next'
import { parseTypedJson, TypedJsonSyntaxError } from '../../../lib/typed-json.js'
import { typedJsonErrorText } from '../../../lib/typed-json-messages.js'
import { useDocumentMutations } from '../api/documents.js'

function jsonError(text: string, required: boolean, t: TFunction): string | undefined {
  if (text.trim() === '') return required ? t('documents.ruleRequired') : undefined
  try {
    if (parseTypedJson(text).kind !== 'object') throw new TypedJsonSyntaxError('expectedObject', 0)
    return undefined
  } catch (e) {
    return typedJsonErrorText(e, t)
  }
}

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
  const condErr = jsonError(condition, false, t)
  const ruleErr = kind === 'update' ? jsonError(rule, true, t) : undefined
  const reset = () => { setMatched(null); m.countMatches.reset() }
  const close = () => { reset(); onClose() }
  return (
    <Dialog open={kind !== null} onOpenChange={(o) => { if (!o) close() }} title={kind === 'update' ? t('documents.updateByCondition') : t('documents.deleteByCondition')}>
      <div className="flex flex-col gap-3">
        <Field label={t('documents.condition')} error={condErr}>{(id) => <Textarea id={id} rows={3} value={condition} onChange={(e) => { setCondition(e.target.value); reset() }} />}</Field>
        {kind === 'update' && <Field label={t('documents.rule')} error={ruleErr}>{(id) => <Textarea id={id} rows={3} value={rule} onChange={(e) => { setRule(e.target.value); reset() }} />}</Field>}
        {matched !== null && (
          <p data-testid="affected-count" className="rounded bg-amber-50 p-2 text-sm font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            {t(kind === 'update' ? 'documents.affected' : 'documents.affectedDelete', { count: Number(matched) })}
          </p>
        )}
        {m.countMatches.error !== null && <p role="alert" className="text-sm text-red-600">{describeError(m.countMatches.error, t)}</p>}
        <div className="flex justify-end gap-2">
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button
            disabled={condErr !== undefined || ruleErr !== undefined}
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
