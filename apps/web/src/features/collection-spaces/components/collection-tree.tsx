import { useQueries } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Input } from '../../../components/ui/input.js'
import { useCollectionSpaces } from '../api/get-collection-spaces.js'
import { collectionsOfSpaceQueryOptions } from '../api/get-collections-of-space.js'

/** The id of the tree's filter box; the `/` shortcut focuses it. */
export const TREE_FILTER_ID = 'collection-tree-filter'

function formatCount(n: string | undefined): string {
  if (n === undefined) return ''
  const v = Number(n)
  if (v >= 1e9) return `${(v / 1e9).toFixed(1)}B`
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)}M`
  if (v >= 1e4) return `${(v / 1e3).toFixed(0)}K`
  return n
}

/**
 * Collection spaces and their collections, with document counts and a filter box.
 * Expanding a space loads its collections' counts; a filter expands every space it matches in.
 */
export function CollectionTree({ cluster, selectedCs, selectedCl }: { cluster: string; selectedCs?: string | undefined; selectedCl?: string | undefined }) {
  const { t } = useTranslation()
  const { data, isLoading, error } = useCollectionSpaces(cluster)
  const [filter, setFilter] = useState('')
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(selectedCs === undefined ? [] : [selectedCs]))
  const f = filter.trim().toLowerCase()
  const visible = useMemo(() => {
    const spaces = data ?? []
    if (f === '') return spaces.map((s) => ({ name: s.name, collections: s.collections, forced: false }))
    return spaces
      .map((s) => ({ name: s.name, collections: s.name.toLowerCase().includes(f) ? s.collections : s.collections.filter((c) => c.toLowerCase().includes(f)), forced: true }))
      .filter((s) => s.collections.length > 0 || s.name.toLowerCase().includes(f))
  }, [data, f])
  const expanded = visible.filter((s) => s.forced || open.has(s.name) || s.name === selectedCs).map((s) => s.name)
  const counts = useQueries({ queries: expanded.map((cs) => collectionsOfSpaceQueryOptions(cluster, cs)) })
  const countOf = new Map<string, string | undefined>()
  expanded.forEach((cs, i) => {
    for (const c of counts[i]?.data ?? []) countOf.set(`${cs}.${c.name}`, c.stats?.totalRecords)
  })
  const toggle = (cs: string) => setOpen((o) => {
    const n = new Set(o)
    if (n.has(cs)) n.delete(cs)
    else n.add(cs)
    return n
  })
  return (
    <nav aria-label={t('shell.tree')} data-testid="collection-tree" className="flex min-h-0 flex-col gap-2">
      <Input id={TREE_FILTER_ID} type="search" placeholder={t('shell.filterTree')} aria-label={t('shell.filterTree')} value={filter} onChange={(e) => setFilter(e.target.value)} />
      {isLoading && <p className="text-xs text-slate-500">{t('common.loading')}</p>}
      {error !== null && <p role="alert" className="text-xs text-red-600">{error.message}</p>}
      {data !== undefined && visible.length === 0 && <p className="text-xs text-slate-500">{f === '' ? t('shell.treeEmpty') : t('shell.noMatches')}</p>}
      <ul className="min-h-0 overflow-auto text-sm">
        {visible.map((s) => {
          const isOpen = expanded.includes(s.name)
          return (
            <li key={s.name}>
              <div className="flex items-center gap-1">
                <button type="button" aria-expanded={isOpen} aria-label={t(isOpen ? 'shell.hideCollections' : 'shell.showCollections', { name: s.name })} onClick={() => toggle(s.name)} className="w-4 text-slate-500">
                  <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
                </button>
                <Link to="/c/$cluster/data/$cs" params={{ cluster, cs: s.name }} className={`flex-1 truncate rounded px-1 hover:bg-slate-100 dark:hover:bg-slate-800 ${selectedCs === s.name && selectedCl === undefined ? 'font-semibold text-emerald-700 dark:text-emerald-400' : ''}`}>
                  {s.name}
                </Link>
                <span className="text-xs text-slate-500" aria-label={t('data.collectionsOf', { count: s.collections.length })}>{s.collections.length}</span>
              </div>
              {isOpen && (
                <ul className="ml-5">
                  {s.collections.map((c) => (
                    <li key={c} className="flex items-center gap-1">
                      <Link
                        to="/c/$cluster/data/$cs/$cl"
                        params={{ cluster, cs: s.name, cl: c }}
                        data-testid={`tree-collection-${s.name}.${c}`}
                        aria-current={selectedCs === s.name && selectedCl === c ? 'page' : undefined}
                        className={`flex-1 truncate rounded px-1 hover:bg-slate-100 dark:hover:bg-slate-800 ${selectedCs === s.name && selectedCl === c ? 'font-semibold text-emerald-700 dark:text-emerald-400' : ''}`}
                      >
                        {c}
                      </Link>
                      <span className="text-xs tabular-nums text-slate-500">{formatCount(countOf.get(`${s.name}.${c}`))}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
