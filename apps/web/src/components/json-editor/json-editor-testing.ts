import { EditorView } from '@codemirror/view'
import { screen } from '@testing-library/react'

let installed = false

/**
 * Makes happy-dom's `selectionchange` behave as a browser's: queued as a task (happy-dom fires it
 * synchronously inside `Selection.collapse`, i.e. in the middle of CodeMirror's own DOM update,
 * which CodeMirror refuses) and not fired when the selection did not move (happy-dom fires on every
 * collapse, so CodeMirror's re-applied selection would echo forever). The editor runs unmodified.
 */
export function queueSelectionChange(): void {
  if (installed) return
  installed = true
  const dispatch = document.dispatchEvent.bind(document)
  let last = ''
  let pending = false
  document.dispatchEvent = (e: Event) => {
    if (e.type !== 'selectionchange') return dispatch(e)
    if (pending) return true
    pending = true
    setTimeout(() => {
      pending = false
      const s = document.getSelection()
      const now = s === null ? '' : [s.anchorNode?.textContent, s.anchorOffset, s.focusNode?.textContent, s.focusOffset, s.rangeCount].join('\u0000')
      const nodesMoved = s !== null && (s.anchorNode !== lastAnchor || s.focusNode !== lastFocus)
      if (now === last && !nodesMoved) return
      last = now
      lastAnchor = s?.anchorNode ?? null
      lastFocus = s?.focusNode ?? null
      dispatch(e)
    }, 0)
    return true
  }
}
let lastAnchor: Node | null = null
let lastFocus: Node | null = null

/** The CodeMirror view behind the editable area with `data-testid={testId}`. */
export function editorView(testId: string): EditorView {
  const view = EditorView.findFromDOM(screen.getByTestId(testId))
  if (view === null) throw new Error(`no CodeMirror editor at ${testId}`)
  return view
}

/** The editor's whole text, as the user sees it. */
export function editorText(testId: string): string {
  return editorView(testId).state.doc.toString()
}

/** Text for user-event's `keyboard()`: `{` and `[` start key descriptors there, so they are doubled. */
export function keys(text: string): string {
  return text.replace(/[{[]/g, (c) => c + c)
}
