import { type ReactNode, useState } from 'react'
import { Button } from './button.js'
import { Dialog } from './dialog.js'
import { Input } from './input.js'

/**
 * Asks before a destructive action. With `typeToConfirm`, the confirm button stays disabled
 * until the user types that text (the name being dropped), so a misclick never loses data.
 */
export function ConfirmDialog({ open, onOpenChange, title, children, confirmLabel, cancelLabel, onConfirm, busy = false, danger = true, typeToConfirm, typePrompt, confirmDisabled = false }: {
  open: boolean
  onOpenChange: (o: boolean) => void
  title: string
  children?: ReactNode
  confirmLabel: string
  cancelLabel: string
  onConfirm: () => void
  busy?: boolean
  danger?: boolean
  typeToConfirm?: string
  typePrompt?: string
  confirmDisabled?: boolean
}) {
  const [typed, setTyped] = useState('')
  const blocked = confirmDisabled || (typeToConfirm !== undefined && typed !== typeToConfirm)
  return (
    <Dialog open={open} onOpenChange={(o) => { if (!o) setTyped(''); onOpenChange(o) }} title={title}>
      <div className="flex flex-col gap-3 text-sm">
        {children}
        {typeToConfirm !== undefined && (
          <label className="flex flex-col gap-1 text-xs">
            {typePrompt}
            <Input value={typed} onChange={(e) => setTyped(e.target.value)} aria-label={typePrompt} autoComplete="off" />
          </label>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>{cancelLabel}</Button>
          <Button variant={danger ? 'danger' : 'primary'} busy={busy} disabled={blocked} onClick={onConfirm}>{confirmLabel}</Button>
        </div>
      </div>
    </Dialog>
  )
}
