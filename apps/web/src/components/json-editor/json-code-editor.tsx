import { json } from '@codemirror/lang-json'
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint'
import { type Extension, Prec } from '@codemirror/state'
import { EditorView, keymap } from '@codemirror/view'
import CodeMirror, { type ReactCodeMirrorRef } from '@uiw/react-codemirror'
import { useEffect, useMemo, useRef } from 'react'
import { useTheme } from '../../lib/theme.js'

/** What is wrong with the editor's text: a message and, when the parser knows it, the offset. */
export interface JsonProblem {
  readonly message: string
  readonly position?: number | undefined
}

/** Props of {@link JsonCodeEditor}. */
export interface JsonCodeEditorProps {
  readonly value: string
  readonly onChange: (text: string) => void
  /** Id of the visible label; the editable area is named by it. */
  readonly labelId: string
  /** Id of the element describing the current problem, if one is shown. */
  readonly describedBy?: string | undefined
  readonly problem: JsonProblem | null
  readonly testId?: string | undefined
  /** Multi-line editors get line numbers and a lint gutter; compact ones (selector, sort) do not. */
  readonly multiline?: boolean | undefined
  readonly placeholder?: string | undefined
}

/** The lint marker of a problem: one character at its position, or the end of the text. */
export function diagnosticsOf(problem: JsonProblem | null, length: number): Diagnostic[] {
  if (problem === null) return []
  const from = Math.min(Math.max(problem.position ?? 0, 0), length)
  return [{ from, to: Math.min(from + 1, length), severity: 'error', message: problem.message }]
}

// The app's surfaces, not CodeMirror's own white / one-dark grey, so the editor sits in the page.
const surface = EditorView.theme({
  '&': { backgroundColor: 'transparent', fontSize: '0.8125rem' },
  '&.cm-focused': { outline: 'none' },
  '.cm-gutters': { backgroundColor: 'transparent', borderRight: 'none' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
})

/**
 * A CodeMirror 6 JSON editor: syntax highlighting, a lint marker at the typed-JSON parse error,
 * the app's light or dark theme, and an accessible name from a visible label. Ctrl+Enter is left
 * to the page's run shortcut instead of inserting a line.
 */
export function JsonCodeEditor({ value, onChange, labelId, describedBy, problem, testId, multiline = true, placeholder }: JsonCodeEditorProps) {
  const { dark } = useTheme()
  const ref = useRef<ReactCodeMirrorRef>(null)
  const invalid = problem !== null
  const extensions = useMemo<Extension[]>(() => [
    json(),
    // Above the one-dark theme @uiw adds for `theme="dark"`, so its grey background yields.
    Prec.highest(surface),
    EditorView.lineWrapping,
    // Swallows the editor's own Mod-Enter (insert a blank line) without stopping the event, so
    // the window-level run shortcut still sees it.
    Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => true }])),
    EditorView.contentAttributes.of({
      'aria-labelledby': labelId,
      'aria-invalid': invalid ? 'true' : 'false',
      ...(describedBy === undefined ? {} : { 'aria-describedby': describedBy }),
      ...(testId === undefined ? {} : { 'data-testid': testId }),
    }),
    ...(multiline ? [lintGutter()] : []),
  ], [labelId, describedBy, invalid, testId, multiline])

  // Keyed by the problem's content: the parent builds a new object on every render.
  const message = problem?.message
  const position = problem?.position
  useEffect(() => {
    const view = ref.current?.view
    if (view === undefined) return
    view.dispatch(setDiagnostics(view.state, diagnosticsOf(message === undefined ? null : { message, position }, view.state.doc.length)))
  }, [message, position, value])

  return (
    <div className={`min-w-0 overflow-hidden rounded border bg-white dark:bg-slate-900 ${invalid ? 'border-red-500 dark:border-red-400' : 'border-slate-300 focus-within:border-emerald-600 dark:border-slate-600'}`}>
      <CodeMirror
        ref={ref}
        value={value}
        onChange={onChange}
        onCreateEditor={(view) => view.dispatch(setDiagnostics(view.state, diagnosticsOf(problem, view.state.doc.length)))}
        theme={dark ? 'dark' : 'light'}
        extensions={extensions}
        placeholder={placeholder}
        minHeight={multiline ? '12rem' : undefined}
        maxHeight={multiline ? '28rem' : '6rem'}
        basicSetup={{ lineNumbers: multiline, foldGutter: multiline, highlightActiveLine: multiline, highlightActiveLineGutter: multiline, autocompletion: false, searchKeymap: multiline }}
        indentWithTab={false}
      />
    </div>
  )
}
