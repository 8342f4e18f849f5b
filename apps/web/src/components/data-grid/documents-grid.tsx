import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table'
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual'
import { type ReactNode, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { columnPaths, valueAt } from '../../lib/document-columns.js'
import { displayValue, effectiveKind, kindLabel, type TypedObject, type TypedValue } from '../../lib/typed-json.js'

const features = tableFeatures({})
const helper = createColumnHelper<typeof features, TypedObject>()
const ROW_HEIGHT = 30

const kindColour: Partial<Record<string, string>> = {
  int32: 'text-sky-700 dark:text-sky-300', int64: 'text-indigo-700 dark:text-indigo-300', double: 'text-cyan-700 dark:text-cyan-300', decimal: 'text-violet-700 dark:text-violet-300',
  date: 'text-amber-700 dark:text-amber-300', objectId: 'text-rose-700 dark:text-rose-300', bool: 'text-emerald-700 dark:text-emerald-300', null: 'text-slate-400',
}

function Cell({ value, path, rowIndex }: { value: TypedValue | undefined; path: string; rowIndex: number }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  if (value === undefined) return <span className="text-slate-300 dark:text-slate-600">—</span>
  const kind = effectiveKind(value)
  if (value.kind === 'array') {
    return (
      <span className="flex flex-col">
        <button type="button" aria-expanded={open} aria-label={t(open ? 'documents.collapse' : 'documents.expand', { field: `${path} (${rowIndex + 1})` })} onClick={() => setOpen((o) => !o)} className="text-left text-slate-500 hover:underline">
          {open ? '▾' : '▸'} [{value.items.length}]
        </button>
        {open && (
          <ol className="ml-3 list-none">
            {value.items.map((x, i) => <li key={i} className="truncate"><span className="text-slate-400">{i}: </span><Cell value={x} path={`${path}.${i}`} rowIndex={rowIndex} /></li>)}
          </ol>
        )}
      </span>
    )
  }
  return <span title={kindLabel[kind]} className={`truncate font-mono ${kindColour[kind] ?? ''}`}>{displayValue(value)}</span>
}

/**
 * Documents as a virtualised grid: only the rows in view (plus a few) are in the DOM, so a
 * 100,000-row result scrolls smoothly. Nested fields are columns; arrays expand in place.
 */
export function DocumentsGrid({ documents, actions, height = 520 }: { documents: readonly TypedObject[]; actions?: (doc: TypedObject, index: number) => ReactNode; height?: number }) {
  const { t } = useTranslation()
  const paths = useMemo(() => columnPaths(documents.slice(0, 500)), [documents])
  const columns = useMemo(() => helper.columns(paths.map((p) => helper.accessor((row: TypedObject) => valueAt(row, p), { id: p, header: p }))), [paths])
  const data = useMemo(() => [...documents], [documents])
  const table = useTable({ features, columns, data })
  const rows = table.getRowModel().rows

  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 1000, height },
    // Before layout (or where there is none) the box reports 0 x 0; the configured height stands in.
    observeElementRect: (instance, cb) => observeElementRect(instance, (rect) => cb(rect.height === 0 ? { width: rect.width === 0 ? 1000 : rect.width, height } : rect)),
    // Rows never shrink below one line, even where layout reports no height yet.
    measureElement: (el) => Math.max(ROW_HEIGHT, el.getBoundingClientRect().height),
  })
  const template = `${actions === undefined ? '' : '170px '}${paths.map(() => 'minmax(120px, 1fr)').join(' ')}`
  if (documents.length === 0) return <p className="text-slate-500">{t('documents.empty')}</p>
  return (
    <div ref={scrollRef} data-testid="documents-grid" className="overflow-auto rounded border border-slate-200 text-xs dark:border-slate-700" style={{ height }}>
      <div role="grid" aria-rowcount={rows.length + 1} aria-colcount={paths.length} style={{ minWidth: paths.length * 120 }}>
        <div role="row" aria-rowindex={1} className="sticky top-0 z-10 grid border-b border-slate-200 bg-slate-50 font-semibold dark:border-slate-700 dark:bg-slate-900" style={{ gridTemplateColumns: template }}>
          {actions !== undefined && <span role="columnheader" className="px-2 py-1">{t('common.actions')}</span>}
          {table.getHeaderGroups()[0]?.headers.map((h) => <span key={h.id} role="columnheader" className="truncate px-2 py-1 font-mono">{h.column.id}</span>)}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!
            return (
              <div
                key={row.id}
                role="row"
                aria-rowindex={item.index + 2}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="absolute left-0 grid w-full border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-900"
                style={{ transform: `translateY(${item.start}px)`, gridTemplateColumns: template, minHeight: ROW_HEIGHT }}
              >
                {actions !== undefined && <span role="gridcell" className="flex items-center gap-1 px-2">{actions(row.original, item.index)}</span>}
                {row.getAllCells().map((c) => (
                  <span key={c.id} role="gridcell" className="flex min-w-0 items-start px-2 py-1">
                    <Cell value={c.getValue() as TypedValue | undefined} path={c.column.id} rowIndex={item.index} />
                  </span>
                ))}
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
