import { Dialog as D } from 'radix-ui'
import type { ReactNode } from 'react'

/** A modal dialog with a title; closing is the caller's `onOpenChange(false)`. */
export function Dialog({ open, onOpenChange, title, description, children, wide = false }: { open: boolean; onOpenChange: (open: boolean) => void; title: string; description?: string; children: ReactNode; wide?: boolean }) {
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <D.Content
          className={`fixed left-1/2 top-1/2 z-50 max-h-[90vh] -translate-x-1/2 -translate-y-1/2 overflow-auto rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900 ${wide ? 'w-[min(95vw,960px)]' : 'w-[min(95vw,520px)]'}`}
          aria-describedby={description === undefined ? undefined : 'dialog-description'}
        >
          <D.Title className="mb-2 text-lg font-semibold">{title}</D.Title>
          {description !== undefined && <D.Description id="dialog-description" className="mb-3 text-sm text-slate-600 dark:text-slate-300">{description}</D.Description>}
          {children}
        </D.Content>
      </D.Portal>
    </D.Root>
  )
}
