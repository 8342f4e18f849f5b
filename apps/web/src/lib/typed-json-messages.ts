import type { TFunction } from 'i18next'
import type { JsonProblem } from '../components/json-editor/json-code-editor.js'
import { parseTypedJson, TypedJsonSyntaxError, TypedValueError } from './typed-json.js'

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

/** A parse error as a JSON editor shows it: translated, with the offset for the lint marker. */
export function typedJsonProblem(err: unknown, t: TFunction): JsonProblem {
  return { message: typedJsonErrorText(err, t), position: err instanceof TypedJsonSyntaxError ? err.position : undefined }
}

/**
 * Why the text of a JSON object field is refused, or null. Empty text is fine (the option is
 * unset) unless `required` gives the message to show for it.
 */
export function objectTextProblem(text: string, t: TFunction, required?: string): JsonProblem | null {
  if (text.trim() === '') return required === undefined ? null : { message: required }
  try {
    if (parseTypedJson(text).kind !== 'object') throw new TypedJsonSyntaxError('expectedObject', 0)
    return null
  } catch (e) {
    return typedJsonProblem(e, t)
  }
}
