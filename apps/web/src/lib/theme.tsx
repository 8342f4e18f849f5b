import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'

/** Theme choices; `system` follows the operating system. */
export const ThemeChoice = { system: 'system', light: 'light', dark: 'dark' } as const
/** One of {@link ThemeChoice}. */
export type ThemeChoice = (typeof ThemeChoice)[keyof typeof ThemeChoice]

const KEY = 'canopy.theme'

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY)
    return v === 'light' || v === 'dark' ? v : 'system'
  } catch {
    return 'system'
  }
}

function systemDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
}

interface ThemeState {
  readonly choice: ThemeChoice
  readonly dark: boolean
  readonly setChoice: (c: ThemeChoice) => void
}

const ThemeContext = createContext<ThemeState | null>(null)

/** Provides the theme; the choice is remembered in localStorage and applied as the `dark` class. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [choice, setChoiceState] = useState<ThemeChoice>(readChoice)
  const [sysDark, setSysDark] = useState(systemDark)
  useEffect(() => {
    if (typeof matchMedia !== 'function') return
    const mq = matchMedia('(prefers-color-scheme: dark)')
    const on = (e: MediaQueryListEvent) => setSysDark(e.matches)
    mq.addEventListener('change', on)
    return () => mq.removeEventListener('change', on)
  }, [])
  const dark = choice === 'dark' || (choice === 'system' && sysDark)
  useEffect(() => {
    document.documentElement.classList.toggle('dark', dark)
  }, [dark])
  const setChoice = useCallback((c: ThemeChoice) => {
    setChoiceState(c)
    try {
      localStorage.setItem(KEY, c)
    } catch {
      // Private mode: the choice lasts for this tab only.
    }
  }, [])
  const value = useMemo(() => ({ choice, dark, setChoice }), [choice, dark, setChoice])
  return <ThemeContext value={value}>{children}</ThemeContext>
}

/** The theme state; throws outside {@link ThemeProvider}. */
export function useTheme(): ThemeState {
  const v = useContext(ThemeContext)
  if (v === null) throw new Error('useTheme outside ThemeProvider')
  return v
}
