import { lazy, Suspense, useId, useRef } from 'react'
import type { JsonProblem } from './json-code-editor.js'

// CodeMirror is the heaviest thing on the page: it loads only when a JSON field is first shown.
const JsonCodeEditor = lazy(() => import('./json-code-editor.js').then((m) => ({ default: m.JsonCodeEditor })))

/**
 * A labelled JSON field backed by the CodeMirror editor (loaded lazily). The label names the
 * editable area and focuses it when clicked; the problem, if any, is announced below it.
 */
export function JsonField({ label, value, onChange, problem, testId, multiline = true, placeholder }: {
  label: string
  value: string
  onChange: (text: string) => void
  problem: JsonProblem | null
  testId?: string | undefined
  multiline?: boolean | undefined
  placeholder?: string | undefined
}) {
  const labelId = useId()
  const problemId = useId()
  const box = useRef<HTMLDivElement>(null)
  const focus = () => box.current?.querySelector<HTMLElement>('[contenteditable]')?.focus()
  return (
    <div ref={box} className="flex min-w-0 flex-col gap-1">
      <span id={labelId} className="cursor-default text-xs font-medium text-slate-600 dark:text-slate-300" onClick={focus}>{label}</span>
      <Suspense fallback={<pre aria-busy="true" aria-labelledby={labelId} className={`overflow-hidden rounded border border-slate-300 bg-white p-2 font-mono text-xs whitespace-pre-wrap text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 ${multiline ? 'min-h-48' : ''}`}>{value === '' ? placeholder : value}</pre>}>
        <JsonCodeEditor value={value} onChange={onChange} labelId={labelId} describedBy={problem === null ? undefined : problemId} problem={problem} testId={testId} multiline={multiline} placeholder={placeholder} />
      </Suspense>
      {problem !== null && <p id={problemId} role="alert" className="text-xs break-words text-red-600 dark:text-red-400">{problem.message}</p>}
    </div>
  )
}
