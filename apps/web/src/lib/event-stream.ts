/**
 * Subscribes to a server-sent event stream. Falls back to nothing (the caller keeps polling)
 * when EventSource is unavailable; reconnects are EventSource's own.
 */
export function subscribeEvents(url: string, handlers: Readonly<Record<string, (data: unknown) => void>>, onStatus?: (open: boolean) => void): () => void {
  if (typeof EventSource === 'undefined') return () => undefined
  const source = new EventSource(url, { withCredentials: true })
  source.onopen = () => onStatus?.(true)
  source.onerror = () => onStatus?.(false)
  for (const [type, handle] of Object.entries(handlers)) {
    source.addEventListener(type, (ev) => {
      const data = (ev as MessageEvent<string>).data
      try {
        handle(JSON.parse(data))
      } catch {
        // A malformed event is dropped; the next one (or the poll) repairs the view.
      }
    })
  }
  return () => source.close()
}
