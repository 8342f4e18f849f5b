import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from 'react'

const base = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus:border-emerald-600 focus:outline-none dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100'

// An explicit width in className must win; Tailwind orders utilities by its own rules, not ours.
const width = (className: string) => (/(^|\s)(w-|min-w-|flex-1)/.test(className) ? '' : 'w-full')

/** A text input in the console style. */
export function Input({ className = '', ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={`${base} ${width(className)} ${className}`} {...rest} />
}

/** A native select (keyboard and screen-reader behaviour for free). */
export function Select({ className = '', ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={`${base} ${width(className)} ${className}`} {...rest} />
}

/** A labelled form field; `children` receives the generated id for its control. */
export function Field({ label, error, hint, children }: { label: string; error?: string | undefined; hint?: string; children: (id: string) => ReactNode }) {
  const id = useId()
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600 dark:text-slate-300">{label}</label>
      {children(id)}
      {hint !== undefined && <p className="text-xs text-slate-500">{hint}</p>}
      {error !== undefined && <p role="alert" className="text-xs text-red-600 dark:text-red-400">{error}</p>}
    </div>
  )
}
