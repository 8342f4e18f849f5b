import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Dialog } from '../ui/dialog.js'
import { Input } from '../ui/input.js'

/** An entry of the command palette. */
export interface Command {
  readonly id: string
  readonly label: string
  readonly group: string
  readonly run: () => void
}

/** Ctrl+K palette: type to filter, arrows to choose, Enter to run. */
export function CommandPalette({ open, onOpenChange, commands }: { open: boolean; onOpenChange: (o: boolean) => void; commands: readonly Command[] }) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [active, setActive] = useState(0)
  const matches = useMemo(() => {
    const f = text.trim().toLowerCase()
    return (f === '' ? commands : commands.filter((c) => c.label.toLowerCase().includes(f))).slice(0, 50)
  }, [commands, text])
  const close = () => {
    setText('')
    setActive(0)
    onOpenChange(false)
  }
  const run = (c: Command | undefined) => {
    if (c === undefined) return
    close()
    c.run()
  }
  return (
    <Dialog open={open} onOpenChange={(o) => (o ? onOpenChange(true) : close())} title={t('shell.commandPalette')}>
      <Input
        autoFocus
        role="combobox"
        aria-expanded
        aria-controls="command-list"
        aria-activedescendant={matches[active] === undefined ? undefined : `cmd-${matches[active].id}`}
        aria-label={t('shell.commandPlaceholder')}
        placeholder={t('shell.commandPlaceholder')}
        value={text}
        onChange={(e) => { setText(e.target.value); setActive(0) }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, matches.length - 1)) }
          if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)) }
          if (e.key === 'Enter') { e.preventDefault(); run(matches[active]) }
        }}
      />
      <ul id="command-list" role="listbox" className="mt-2 max-h-80 overflow-auto text-sm">
        {matches.length === 0 && <li className="p-2 text-slate-500">{t('shell.noMatches')}</li>}
        {matches.map((c, i) => (
          <li
            key={c.id}
            id={`cmd-${c.id}`}
            role="option"
            aria-selected={i === active}
            onClick={() => run(c)}
            onMouseEnter={() => setActive(i)}
            className={`flex cursor-pointer justify-between rounded px-2 py-1 ${i === active ? 'bg-emerald-100 dark:bg-emerald-900' : ''}`}
          >
            <span>{c.label}</span>
            <span className="text-xs text-slate-500">{c.group}</span>
          </li>
        ))}
      </ul>
    </Dialog>
  )
}
