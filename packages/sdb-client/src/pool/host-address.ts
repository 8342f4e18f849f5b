import { isIPv6 } from 'node:net'

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/

/** One coordinator address, parsed from `"host:port"`. */
export interface HostAddress {
  readonly host: string
  readonly port: number
}

const DEFAULT_PORT = 11810

/**
 * Parses `"host:port"`, `"host"` (port 11810) or `"[::1]:11810"`.
 * Returns `undefined` for anything else so the caller can raise its own typed error.
 */
export function parseHostAddress(text: string): HostAddress | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  let host: string
  let portText: string | undefined
  if (trimmed.startsWith('[')) {
    const end = trimmed.indexOf(']')
    if (end < 0) return undefined
    host = trimmed.slice(1, end)
    const rest = trimmed.slice(end + 1)
    if (rest !== '' && !rest.startsWith(':')) return undefined
    portText = rest === '' ? undefined : rest.slice(1)
  } else {
    const colon = trimmed.lastIndexOf(':')
    // More than one colon without brackets can only be a bare IPv6 address: no port in it.
    if (colon >= 0 && trimmed.indexOf(':') === colon) {
      host = trimmed.slice(0, colon)
      portText = trimmed.slice(colon + 1)
    } else {
      host = trimmed
    }
  }
  if (host.includes(':') ? !isIPv6(host) : !HOST_NAME.test(host)) return undefined
  if (portText === undefined) return { host, port: DEFAULT_PORT }
  if (!/^\d{1,5}$/.test(portText)) return undefined
  const port = Number(portText)
  if (port < 1 || port > 65535) return undefined
  return { host, port }
}

/** Formats an address back to `"host:port"` (brackets around IPv6 literals). */
export function formatHostAddress(address: HostAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`
}
