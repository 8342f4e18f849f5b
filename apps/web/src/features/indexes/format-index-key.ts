/** Typed-JSON wrappers whose text is a plain number a DBA would type as such. */
const NUMBER_WRAPPERS = new Set(['$numberInt', '$numberLong', '$numberDouble', '$numberDecimal'])
const NUMERIC_TEXT = /^-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|Infinity|NaN)$/i

function formatValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v)
    const only = entries.length === 1 ? entries[0] : undefined
    // The API sends the key in typed JSON ({"$numberInt":"1"}); a DBA reads and writes it as 1.
    if (only !== undefined && NUMBER_WRAPPERS.has(only[0]) && typeof only[1] === 'string' && NUMERIC_TEXT.test(only[1])) return only[1]
    return formatObject(entries)
  }
  return JSON.stringify(v) ?? String(v)
}

function formatObject(entries: readonly (readonly [string, unknown])[]): string {
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${formatValue(x)}`).join(', ')}}`
}

/**
 * Renders an index key definition the way a DBA writes it in the shell:
 * `{"name": 1, "age": -1}` instead of the typed JSON the API returns. Numeric wrappers become
 * plain numbers; any other value (e.g. `"text"`, nested typed values) stays readable JSON.
 */
export function formatIndexKey(key: Readonly<Record<string, unknown>>): string {
  return formatObject(Object.entries(key))
}
