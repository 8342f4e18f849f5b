import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { ApiError } from './api-client.js'

/** A message shown in the notice area (success or failure of an action). */
export interface Notice {
  readonly id: number
  readonly tone: 'success' | 'error' | 'info'
  readonly title: string
  readonly detail?: string
}

interface NoticeState {
  readonly notices: readonly Notice[]
  readonly notify: (n: Omit<Notice, 'id'>) => void
  readonly notifyError: (title: string, err: unknown) => void
  readonly dismiss: (id: number) => void
}

const NoticeContext = createContext<NoticeState | null>(null)
let nextId = 1

/**
 * Describes an error for a notice: SequoiaDB errors keep their `SDB_*` name (the server's
 * message), and failures the browser itself detects are said in the user's language.
 */
export function describeError(err: unknown, t: TFunction): string {
  if (err instanceof ApiError && err.code === 'NETWORK') return t('errors.network')
  if (err instanceof ApiError) return `${err.code}: ${err.message}`
  if (err instanceof Error) return err.message
  return String(err)
}

/** Holds the notices; they stay until dismissed or 8 s pass. */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  const [notices, setNotices] = useState<readonly Notice[]>([])
  const dismiss = useCallback((id: number) => setNotices((ns) => ns.filter((n) => n.id !== id)), [])
  const notify = useCallback((n: Omit<Notice, 'id'>) => {
    const id = nextId++
    setNotices((ns) => [...ns.slice(-4), { ...n, id }])
    setTimeout(() => dismiss(id), n.tone === 'error' ? 15_000 : 8_000)
  }, [dismiss])
  const notifyError = useCallback((title: string, err: unknown) => notify({ tone: 'error', title, detail: describeError(err, t) }), [notify, t])
  const value = useMemo(() => ({ notices, notify, notifyError, dismiss }), [notices, notify, notifyError, dismiss])
  return <NoticeContext value={value}>{children}</NoticeContext>
}

/** Notice actions and the list; throws outside {@link NoticeProvider}. */
export function useNotices(): NoticeState {
  const v = useContext(NoticeContext)
  if (v === null) throw new Error('useNotices outside NoticeProvider')
  return v
}
