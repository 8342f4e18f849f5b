import CodeMirror from '@uiw/react-codemirror'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DocumentsGrid } from '../../../components/data-grid/documents-grid.js'
import { Button } from '../../../components/ui/button.js'
import { usePermission } from '../../../lib/authorization.js'
import { describeError } from '../../../lib/notices.js'
import { useShortcut } from '../../../lib/shortcuts.js'
import { useTheme } from '../../../lib/theme.js'
import { useRunSql } from '../api/run-sql.js'

/** SQL tab: an editor (Ctrl+Enter runs) and the results grid. */
export function SqlConsole({ cluster, initialSql, onSqlRun }: { cluster: string; initialSql?: string | undefined; onSqlRun?: (sql: string) => void }) {
  const { t } = useTranslation()
  const { dark } = useTheme()
  const can = usePermission('runSql')
  const [sql, setSql] = useState(initialSql ?? 'select * from foo.bar limit 10')
  const run = useRunSql(cluster)
  const go = () => {
    if (!can || sql.trim() === '') return
    onSqlRun?.(sql)
    run.mutate(sql)
  }
  useShortcut('mod+enter', go)
  return (
    <div className="flex flex-col gap-2">
      <h1 className="text-lg font-semibold">{t('sql.title')}</h1>
      <div className="rounded border border-slate-300 dark:border-slate-600">
        <CodeMirror value={sql} onChange={setSql} height="140px" theme={dark ? 'dark' : 'light'} aria-label={t('sql.statement')} basicSetup={{ lineNumbers: true, foldGutter: false }} />
      </div>
      <div className="flex items-center gap-2">
        <Button variant="primary" disabled={!can} busy={run.isPending} onClick={go} title="Ctrl+Enter">{t('sql.run')}</Button>
        {run.data !== undefined && <span className="text-xs text-slate-500">{t('sql.results', { count: run.data.documents.length })}{run.data.truncated ? ` ${t('sql.truncated')}` : ''}</span>}
      </div>
      {run.error !== null && <p role="alert" className="text-sm text-red-600">{describeError(run.error, t)}</p>}
      {run.data !== undefined && <DocumentsGrid documents={run.data.documents} height={420} />}
    </div>
  )
}
