import type { Classnames } from 'react-querybuilder'

// The console's input and button looks (components/ui), spelled out because react-querybuilder
// renders its own native selects and buttons.
const control = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus:border-emerald-600 focus:outline-none dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100'
const action = 'whitespace-nowrap rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-emerald-600 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700'
const remove = 'rounded px-2 py-1 text-sm text-slate-500 hover:bg-red-50 hover:text-red-700 focus-visible:outline-2 focus-visible:outline-emerald-600 dark:text-slate-400 dark:hover:bg-red-950 dark:hover:text-red-300'

/**
 * Class names for the builder's parts. `queryBuilder-responsive` is the library's own wrapping
 * layout (rows and group headers wrap instead of overflowing a narrow column); colours of groups
 * and branches come from the `--rqb-*` variables set in index.css for both themes.
 */
export const builderClassnames: Partial<Classnames> = {
  queryBuilder: 'queryBuilder-responsive min-w-0 text-sm text-slate-900 dark:text-slate-100',
  ruleGroup: 'min-w-0',
  header: 'min-w-0',
  body: 'min-w-0',
  rule: 'min-w-0',
  // Capped so field + operator + a value editor's starting width + remove fit a half-width column.
  fields: `${control} min-w-0 max-w-56`,
  operators: `${control} min-w-0 max-w-40`,
  combinators: control,
  addRule: action,
  addGroup: action,
  removeRule: remove,
  removeGroup: remove,
  notToggle: 'inline-flex items-center gap-1 text-xs font-semibold text-slate-700 dark:text-slate-200',
}
