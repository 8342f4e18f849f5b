import { useEffect, useRef } from 'react'

/**
 * Binds a keyboard shortcut such as `mod+k`, `mod+enter` or `/` (mod = Ctrl, or ⌘ on macOS).
 * Plain-key shortcuts are ignored while the user types in a field, so `/` stays typeable.
 */
export function useShortcut(combo: string, handler: (e: KeyboardEvent) => void, enabled = true): void {
  const ref = useRef(handler)
  ref.current = handler
  useEffect(() => {
    if (!enabled) return
    const parts = combo.toLowerCase().split('+')
    const key = parts[parts.length - 1]
    const needMod = parts.includes('mod')
    const needShift = parts.includes('shift')
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== key) return
      const mod = e.ctrlKey || e.metaKey
      if (mod !== needMod || e.shiftKey !== needShift) return
      const target = e.target as HTMLElement | null
      const typing = target !== null && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)
      if (!needMod && typing) return
      e.preventDefault()
      ref.current(e)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [combo, enabled])
}
