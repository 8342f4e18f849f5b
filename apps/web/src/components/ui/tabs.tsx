import { Tabs as T } from 'radix-ui'
import type { ReactNode } from 'react'

/** Tabs whose selected value is controlled (so it can live in the URL). */
export function Tabs({ value, onValueChange, tabs, label }: { value: string; onValueChange: (v: string) => void; label: string; tabs: readonly { value: string; label: string; content: ReactNode }[] }) {
  return (
    <T.Root value={value} onValueChange={onValueChange} className="flex min-h-0 flex-1 flex-col">
      <T.List aria-label={label} className="flex gap-1 border-b border-slate-200 dark:border-slate-700">
        {tabs.map((t) => (
          <T.Trigger key={t.value} value={t.value} className="-mb-px border-b-2 border-transparent px-3 py-1.5 text-sm text-slate-600 data-[state=active]:border-emerald-600 data-[state=active]:text-slate-900 dark:text-slate-300 dark:data-[state=active]:text-white">
            {t.label}
          </T.Trigger>
        ))}
      </T.List>
      {tabs.map((t) => (
        <T.Content key={t.value} value={t.value} className="min-h-0 flex-1 pt-3">
          {t.content}
        </T.Content>
      ))}
    </T.Root>
  )
}
