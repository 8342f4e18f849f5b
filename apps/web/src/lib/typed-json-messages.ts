import type { TFunction } from 'i18next'
import { TypedJsonSyntaxError, TypedValueError } from './typed-json.js'

/**
 * The user's-language text of an error from the typed-JSON helpers: a syntax error reads
 * `typedJson.syntax.<code>` (with its position), a refused value `typedJson.value.<code>`.
 * Anything else keeps its own message.
 */
export function typedJsonErrorText(err: unknown, t: TFunction): string {
  if (err instanceof TypedJsonSyntaxError) {
    return t('typedJson.atPosition', { message: t(`typedJson.syntax.${err.code}`, err.params), position: err.position })
  }
  if (err instanceof TypedValueError) return t(`typedJson.value.${err.code}`)
  if (err instanceof Error) return err.message
  return String(err)
}
