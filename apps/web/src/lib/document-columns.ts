import type { TypedObject, TypedValue } from './typed-json.js'

/** Column paths a page of documents needs: nested objects become dotted columns, `_id` first. */
export function columnPaths(docs: readonly TypedObject[], max = 200): string[] {
  const seen = new Set<string>()
  const order: string[] = []
  const walk = (v: TypedObject, prefix: string, depth: number) => {
    for (const [k, x] of v.entries) {
      const p = prefix === '' ? k : `${prefix}.${k}`
      if (x.kind === 'object' && x.entries.length > 0 && depth < 4) walk(x, p, depth + 1)
      else if (!seen.has(p)) {
        seen.add(p)
        order.push(p)
      }
      if (order.length >= max) return
    }
  }
  for (const d of docs) {
    walk(d, '', 0)
    if (order.length >= max) break
  }
  const id = order.indexOf('_id')
  if (id > 0) order.unshift(...order.splice(id, 1))
  return order
}

/** The value at a dotted path, following nested objects only (as the columns were built). */
export function valueAt(doc: TypedObject, path: string): TypedValue | undefined {
  let cur: TypedValue | undefined = doc
  const parts = path.split('.')
  for (let i = 0; i < parts.length && cur !== undefined; i++) {
    if (cur.kind !== 'object') return undefined
    // A field name may itself contain a dot: prefer the longest key that matches.
    const rest = parts.slice(i).join('.')
    const whole = cur.entries.find(([k]) => k === rest)
    if (whole !== undefined) return whole[1]
    cur = cur.entries.find(([k]) => k === parts[i])?.[1]
  }
  return cur
}
