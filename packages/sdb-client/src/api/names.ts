import { SdbApiError } from '../errors.js'

/**
 * Rejects names the server would refuse anyway, before sending anything: empty, too long, with a
 * dot or a NUL, or starting with `$` (contract §12.7).
 */
export function checkName(name: string, what: string): void {
  if (typeof name !== 'string' || name === '') throw new SdbApiError(`the ${what} name must be a non-empty string`)
  if (Buffer.byteLength(name, 'utf8') > 127) throw new SdbApiError(`the ${what} name is longer than 127 bytes`)
  if (name.includes('.') || name.includes('\0')) throw new SdbApiError(`the ${what} name must not contain "." or NUL`)
  if (name.startsWith('$')) throw new SdbApiError(`the ${what} name must not start with "$"`)
}

/** Splits `"cs.cl"` into its two names. */
export function splitFullName(fullName: string): [string, string] {
  const dot = fullName.indexOf('.')
  if (dot <= 0 || dot === fullName.length - 1) throw new SdbApiError(`"${fullName}" is not a full collection name "space.collection"`)
  const space = fullName.slice(0, dot)
  const collection = fullName.slice(dot + 1)
  checkName(space, 'collection space')
  checkName(collection, 'collection')
  return [space, collection]
}
