import { useCallback, useState } from 'react'
import type { QueryState } from '../../../lib/query-state.js'

/** One run query, remembered per user and collection. */
export interface HistoryEntry {
  readonly at: string
  readonly query: QueryState
}

const MAX = 30

function load(key: string): HistoryEntry[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? '[]')
    return Array.isArray(v) ? (v as HistoryEntry[]) : []
  } catch {
    return []
  }
}

/** The last queries this user ran on this collection (in this browser), newest first. */
export function useQueryHistory(user: string, cluster: string, collection: string) {
  const key = `canopy.history.${user}.${cluster}.${collection}`
  const [entries, setEntries] = useState<HistoryEntry[]>(() => load(key))
  const add = useCallback((query: QueryState) => {
    setEntries((prev) => {
      const same = JSON.stringify(query)
      const next = [{ at: new Date().toISOString(), query }, ...prev.filter((e) => JSON.stringify(e.query) !== same)].slice(0, MAX)
      try {
        localStorage.setItem(key, JSON.stringify(next))
      } catch {
        // Storage full or blocked: history lasts for this page only.
      }
      return next
    })
  }, [key])
  return { entries, add }
}
