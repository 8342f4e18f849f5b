/**
 * Typed extended JSON (the REST API's document encoding) parsed into a tree that keeps every
 * BSON type, every number's exact text and every object's key order. `JSON.parse` would lose all
 * three (integer-like keys move first, `1.0` becomes `1`, large integers round), so documents are
 * parsed here instead and printed back byte-for-byte when nothing was edited.
 */

/** The BSON type names shown to users, one per kind of {@link TypedValue}. */
export const BsonKind = {
  double: 'double',
  string: 'string',
  object: 'object',
  array: 'array',
  binary: 'binary',
  objectId: 'objectId',
  bool: 'bool',
  date: 'date',
  null: 'null',
  regex: 'regex',
  int32: 'int32',
  timestamp: 'timestamp',
  int64: 'int64',
  decimal: 'decimal',
  minKey: 'minKey',
  maxKey: 'maxKey',
  /** A plain JSON number (sdb-shell input form): the server stores it as int32 or double. */
  number: 'number',
} as const
/** One of {@link BsonKind}. */
export type BsonKind = (typeof BsonKind)[keyof typeof BsonKind]

/** Labels of the BSON types as a DBA knows them. */
export const kindLabel: Record<BsonKind, string> = {
  double: 'Double', string: 'String', object: 'Object', array: 'Array', binary: 'Binary', objectId: 'ObjectId', bool: 'Boolean',
  date: 'Date', null: 'Null', regex: 'Regex', int32: 'Int32', timestamp: 'Timestamp', int64: 'Int64', decimal: 'Decimal',
  minKey: 'MinKey', maxKey: 'MaxKey', number: 'Number',
}

/** One value of a typed JSON document. Numbers keep their text so nothing is rounded. */
export type TypedValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'number' | 'int32' | 'int64' | 'double'; readonly text: string }
  | { readonly kind: 'decimal'; readonly text: string; readonly precision?: readonly [number, number] }
  | { readonly kind: 'date'; readonly raw: JsonScalarOrObject }
  | { readonly kind: 'objectId'; readonly hex: string }
  | { readonly kind: 'timestamp'; readonly t: number; readonly i: number }
  | { readonly kind: 'binary'; readonly base64: string; readonly subType: string }
  | { readonly kind: 'regex'; readonly pattern: string; readonly options: string }
  | { readonly kind: 'minKey' }
  | { readonly kind: 'maxKey' }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, TypedValue])[] }
  | { readonly kind: 'array'; readonly items: readonly TypedValue[] }

/** An object value of the tree. */
export type TypedObject = Extract<TypedValue, { kind: 'object' }>

/** The `$date` payload as it arrived: milliseconds, an ISO string or `{ $numberLong }`. */
export type JsonScalarOrObject = string | { readonly text: string } | { readonly numberLong: string }

/**
 * Why typed JSON text was refused. The UI translates the code (`typedJson.syntax.<code>`); the
 * English message stays on the error for logs and callers without a translator.
 */
export const TypedJsonSyntaxCode = {
  tooDeep: 'tooDeep',
  unexpectedEnd: 'unexpectedEnd',
  unexpectedCharacter: 'unexpectedCharacter',
  expectedFieldName: 'expectedFieldName',
  expectedColon: 'expectedColon',
  expectedCommaOrBrace: 'expectedCommaOrBrace',
  expectedCommaOrBracket: 'expectedCommaOrBracket',
  invalidEscape: 'invalidEscape',
  controlCharacter: 'controlCharacter',
  unterminatedString: 'unterminatedString',
  invalidNumber: 'invalidNumber',
  trailingText: 'trailingText',
  expectedObject: 'expectedObject',
} as const
/** One of {@link TypedJsonSyntaxCode}. */
export type TypedJsonSyntaxCode = (typeof TypedJsonSyntaxCode)[keyof typeof TypedJsonSyntaxCode]

const syntaxMessages: Record<TypedJsonSyntaxCode, string> = {
  tooDeep: 'Nesting is too deep',
  unexpectedEnd: 'Unexpected end of input',
  unexpectedCharacter: 'Unexpected character {{character}}',
  expectedFieldName: 'Expected a quoted field name',
  expectedColon: 'Expected ":"',
  expectedCommaOrBrace: 'Expected "," or "}"',
  expectedCommaOrBracket: 'Expected "," or "]"',
  invalidEscape: 'Invalid string escape',
  controlCharacter: 'Control character in string',
  unterminatedString: 'Unterminated string',
  invalidNumber: 'Invalid number',
  trailingText: 'Unexpected text after the JSON value',
  expectedObject: 'Expected a JSON object',
}

const fill = (template: string, params: Readonly<Record<string, string>>): string => template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => params[k] ?? m)

/** A syntax error in typed JSON text, with the character offset where it was found. */
export class TypedJsonSyntaxError extends Error {
  readonly code: TypedJsonSyntaxCode
  readonly params: Readonly<Record<string, string>>
  readonly position: number
  constructor(code: TypedJsonSyntaxCode, position: number, params: Readonly<Record<string, string>> = {}) {
    super(`${fill(syntaxMessages[code], params)} at position ${position}`)
    this.name = 'TypedJsonSyntaxError'
    this.code = code
    this.params = params
    this.position = position
  }
}

// ---------------------------------------------------------------------------------------------
// Raw ordered JSON: what the text says, before $-wrappers are recognised.

type Raw =
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'num'; readonly v: string }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'null' }
  | { readonly t: 'obj'; readonly v: readonly (readonly [string, Raw])[] }
  | { readonly t: 'arr'; readonly v: readonly Raw[] }

const MAX_DEPTH = 200

class RawParser {
  private pos = 0
  constructor(private readonly s: string) {}

  parseAll(): Raw {
    const v = this.value(0)
    this.ws()
    if (this.pos !== this.s.length) this.fail('trailingText')
    return v
  }

  private fail(code: TypedJsonSyntaxCode, params?: Readonly<Record<string, string>>): never {
    throw new TypedJsonSyntaxError(code, this.pos, params)
  }

  private ws(): void {
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos)
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++
      else break
    }
  }

  private value(depth: number): Raw {
    if (depth > MAX_DEPTH) this.fail('tooDeep')
    this.ws()
    const c = this.s[this.pos]
    if (c === '{') return this.object(depth)
    if (c === '[') return this.array(depth)
    if (c === '"') return { t: 'str', v: this.string() }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return { t: 'num', v: this.number() }
    if (this.s.startsWith('true', this.pos)) { this.pos += 4; return { t: 'bool', v: true } }
    if (this.s.startsWith('false', this.pos)) { this.pos += 5; return { t: 'bool', v: false } }
    if (this.s.startsWith('null', this.pos)) { this.pos += 4; return { t: 'null' } }
    if (c === undefined) this.fail('unexpectedEnd')
    return this.fail('unexpectedCharacter', { character: JSON.stringify(c) })
  }

  private object(depth: number): Raw {
    this.pos++
    const entries: [string, Raw][] = []
    this.ws()
    if (this.s[this.pos] === '}') { this.pos++; return { t: 'obj', v: entries } }
    for (;;) {
      this.ws()
      if (this.s[this.pos] !== '"') this.fail('expectedFieldName')
      const key = this.string()
      this.ws()
      if (this.s[this.pos] !== ':') this.fail('expectedColon')
      this.pos++
      entries.push([key, this.value(depth + 1)])
      this.ws()
      const c = this.s[this.pos]
      if (c === ',') { this.pos++; continue }
      if (c === '}') { this.pos++; return { t: 'obj', v: entries } }
      this.fail('expectedCommaOrBrace')
    }
  }

  private array(depth: number): Raw {
    this.pos++
    const items: Raw[] = []
    this.ws()
    if (this.s[this.pos] === ']') { this.pos++; return { t: 'arr', v: items } }
    for (;;) {
      items.push(this.value(depth + 1))
      this.ws()
      const c = this.s[this.pos]
      if (c === ',') { this.pos++; continue }
      if (c === ']') { this.pos++; return { t: 'arr', v: items } }
      this.fail('expectedCommaOrBracket')
    }
  }

  private string(): string {
    const start = this.pos
    this.pos++
    let simple = true
    while (this.pos < this.s.length) {
      const c = this.s[this.pos]
      if (c === '"') {
        this.pos++
        const body = this.s.slice(start, this.pos)
        if (simple) return body.slice(1, -1)
        try {
          return JSON.parse(body) as string
        } catch {
          this.pos = start
          this.fail('invalidEscape')
        }
      }
      if (c === '\\') { simple = false; this.pos += 2; continue }
      if (c !== undefined && c < ' ') this.fail('controlCharacter')
      this.pos++
    }
    return this.fail('unterminatedString')
  }

  private number(): string {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 400))
    if (m === null) this.fail('invalidNumber')
    this.pos += m[0].length
    return m[0]
  }
}

// ---------------------------------------------------------------------------------------------
// Raw -> TypedValue

function onlyKeys(entries: readonly (readonly [string, Raw])[], ...keys: string[]): boolean {
  return entries.length === keys.length && entries.every(([k], i) => k === keys[i])
}

function get(entries: readonly (readonly [string, Raw])[], key: string): Raw | undefined {
  return entries.find(([k]) => k === key)?.[1]
}

function intOf(r: Raw | undefined): number | undefined {
  if (r?.t !== 'num') return undefined
  const n = Number(r.v)
  return Number.isInteger(n) ? n : undefined
}

function wrapper(entries: readonly (readonly [string, Raw])[]): TypedValue | undefined {
  const first = entries[0]
  if (first === undefined || !first[0].startsWith('$')) return undefined
  const [key, v] = first
  if (entries.length === 1) {
    if (key === '$numberInt' && v.t === 'str') return { kind: 'int32', text: v.v }
    if (key === '$numberLong' && v.t === 'str') return { kind: 'int64', text: v.v }
    if (key === '$numberDouble' && v.t === 'str') return { kind: 'double', text: v.v }
    if (key === '$decimal' && v.t === 'str') return { kind: 'decimal', text: v.v }
    if (key === '$oid' && v.t === 'str') return { kind: 'objectId', hex: v.v }
    if (key === '$minKey') return { kind: 'minKey' }
    if (key === '$maxKey') return { kind: 'maxKey' }
    if (key === '$date') {
      if (v.t === 'num') return { kind: 'date', raw: { text: v.v } }
      if (v.t === 'str') return { kind: 'date', raw: v.v }
      if (v.t === 'obj' && onlyKeys(v.v, '$numberLong')) {
        const n = v.v[0]![1]
        if (n.t === 'str') return { kind: 'date', raw: { numberLong: n.v } }
      }
    }
    if (key === '$timestamp' && v.t === 'obj') {
      const t = intOf(get(v.v, 't'))
      const i = intOf(get(v.v, 'i'))
      if (t !== undefined && i !== undefined && v.v.length === 2) return { kind: 'timestamp', t, i }
    }
    if (key === '$binary' && v.t === 'obj' && v.v.length === 2) {
      const b = get(v.v, 'base64')
      const st = get(v.v, 'subType')
      if (b?.t === 'str' && st?.t === 'str') return { kind: 'binary', base64: b.v, subType: st.v }
    }
    if (key === '$regularExpression' && v.t === 'obj' && v.v.length === 2) {
      const p = get(v.v, 'pattern')
      const o = get(v.v, 'options')
      if (p?.t === 'str' && o?.t === 'str') return { kind: 'regex', pattern: p.v, options: o.v }
    }
  }
  if (onlyKeys(entries, '$decimal', '$precision') && v.t === 'str') {
    const p = entries[1]![1]
    if (p.t === 'arr' && p.v.length === 2) {
      const a = intOf(p.v[0])
      const b = intOf(p.v[1])
      if (a !== undefined && b !== undefined) return { kind: 'decimal', text: v.v, precision: [a, b] }
    }
  }
  return undefined
}

function fromRaw(r: Raw): TypedValue {
  switch (r.t) {
    case 'str': return { kind: 'string', value: r.v }
    case 'num': return { kind: 'number', text: r.v }
    case 'bool': return { kind: 'bool', value: r.v }
    case 'null': return { kind: 'null' }
    case 'arr': return { kind: 'array', items: r.v.map(fromRaw) }
    case 'obj': return wrapper(r.v) ?? { kind: 'object', entries: r.v.map(([k, v]) => [k, fromRaw(v)] as const) }
  }
}

/** Parses typed JSON text into a tree; throws {@link TypedJsonSyntaxError} on bad input. */
export function parseTypedJson(text: string): TypedValue {
  return fromRaw(new RawParser(text).parseAll())
}

/** Parses a JSON document (an object at the top level). */
export function parseTypedDocument(text: string): TypedObject {
  const v = parseTypedJson(text)
  if (v.kind !== 'object') throw new TypedJsonSyntaxError('expectedObject', 0)
  return v
}

// ---------------------------------------------------------------------------------------------
// TypedValue -> text

const q = (s: string): string => JSON.stringify(s)

function dateRaw(raw: JsonScalarOrObject): string {
  if (typeof raw === 'string') return q(raw)
  if ('text' in raw) return raw.text
  return `{${q('$numberLong')}:${q(raw.numberLong)}}`
}

function scalarText(v: TypedValue): string | undefined {
  switch (v.kind) {
    case 'string': return q(v.value)
    case 'bool': return String(v.value)
    case 'null': return 'null'
    case 'number': return v.text
    case 'int32': return `{"$numberInt":${q(v.text)}}`
    case 'int64': return `{"$numberLong":${q(v.text)}}`
    case 'double': return `{"$numberDouble":${q(v.text)}}`
    case 'decimal': return v.precision === undefined ? `{"$decimal":${q(v.text)}}` : `{"$decimal":${q(v.text)},"$precision":[${v.precision[0]},${v.precision[1]}]}`
    case 'date': return `{"$date":${dateRaw(v.raw)}}`
    case 'objectId': return `{"$oid":${q(v.hex)}}`
    case 'timestamp': return `{"$timestamp":{"t":${v.t},"i":${v.i}}}`
    case 'binary': return `{"$binary":{"base64":${q(v.base64)},"subType":${q(v.subType)}}}`
    case 'regex': return `{"$regularExpression":{"pattern":${q(v.pattern)},"options":${q(v.options)}}}`
    case 'minKey': return '{"$minKey":1}'
    case 'maxKey': return '{"$maxKey":1}'
    case 'object':
    case 'array': return undefined
  }
}

/** Prints a tree as typed JSON; `indent` > 0 pretty-prints (wrappers stay on one line). */
export function stringifyTypedJson(v: TypedValue, indent = 0, depth = 0): string {
  const s = scalarText(v)
  if (s !== undefined) return s
  const pad = indent > 0 ? '\n' + ' '.repeat(indent * (depth + 1)) : ''
  const end = indent > 0 ? '\n' + ' '.repeat(indent * depth) : ''
  const sep = indent > 0 ? ': ' : ':'
  if (v.kind === 'array') {
    if (v.items.length === 0) return '[]'
    return `[${v.items.map((x) => pad + stringifyTypedJson(x, indent, depth + 1)).join(',')}${end}]`
  }
  if (v.kind === 'object') {
    if (v.entries.length === 0) return '{}'
    return `{${v.entries.map(([k, x]) => `${pad}${q(k)}${sep}${stringifyTypedJson(x, indent, depth + 1)}`).join(',')}${end}}`
  }
  return 'null'
}

// ---------------------------------------------------------------------------------------------
// Editing helpers

/** Why an edited scalar was refused; the UI translates it as `typedJson.value.<code>`. */
export const TypedValueCode = {
  notBool: 'notBool',
  notInteger: 'notInteger',
  int32Range: 'int32Range',
  int64Range: 'int64Range',
  notNumber: 'notNumber',
  notDecimal: 'notDecimal',
  notDate: 'notDate',
  notObjectId: 'notObjectId',
  notTimestamp: 'notTimestamp',
  notBase64: 'notBase64',
  notRegex: 'notRegex',
} as const
/** One of {@link TypedValueCode}. */
export type TypedValueCode = (typeof TypedValueCode)[keyof typeof TypedValueCode]

const valueMessages: Record<TypedValueCode, string> = {
  notBool: 'Enter true or false',
  notInteger: 'Enter a whole number',
  int32Range: 'Out of Int32 range (use Int64)',
  int64Range: 'Out of Int64 range (use Decimal)',
  notNumber: 'Enter a number',
  notDecimal: 'Enter a decimal number',
  notDate: 'Enter a date, e.g. 2024-01-31T12:00:00.000Z',
  notObjectId: 'An ObjectId is 24 hexadecimal digits',
  notTimestamp: 'Enter seconds,increment',
  notBase64: 'Enter base64 data',
  notRegex: 'Enter /pattern/options',
}

/** What an edited scalar was rejected for. */
export class TypedValueError extends Error {
  readonly code: TypedValueCode
  constructor(code: TypedValueCode) {
    super(valueMessages[code])
    this.name = 'TypedValueError'
    this.code = code
  }
}

const INT32_MIN = -2147483648
const INT32_MAX = 2147483647
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** The milliseconds a date value stands for, or NaN when its text is not a date. */
export function dateMillis(raw: JsonScalarOrObject): number {
  if (typeof raw === 'string') return Date.parse(raw)
  return Number('text' in raw ? raw.text : raw.numberLong)
}

/**
 * Builds a scalar of `kind` from what the user typed. Throws {@link TypedValueError} when the
 * text does not fit the type, so a bad edit is refused instead of silently becoming a string.
 */
export function scalarFromText(kind: BsonKind, text: string): TypedValue {
  const t = text.trim()
  switch (kind) {
    case 'string': return { kind, value: text }
    case 'bool':
      if (t === 'true' || t === 'false') return { kind, value: t === 'true' }
      throw new TypedValueError('notBool')
    case 'null': return { kind }
    case 'minKey': return { kind }
    case 'maxKey': return { kind }
    case 'int32': {
      if (!/^-?\d+$/.test(t)) throw new TypedValueError('notInteger')
      const n = Number(t)
      if (n < INT32_MIN || n > INT32_MAX) throw new TypedValueError('int32Range')
      return { kind, text: String(n) }
    }
    case 'int64': {
      if (!/^-?\d+$/.test(t)) throw new TypedValueError('notInteger')
      const n = BigInt(t)
      if (n < INT64_MIN || n > INT64_MAX) throw new TypedValueError('int64Range')
      return { kind, text: n.toString() }
    }
    case 'double':
    case 'number': {
      if (kind === 'double' && (t === 'Infinity' || t === '-Infinity' || t === 'NaN')) return { kind, text: t }
      if (!/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(t)) throw new TypedValueError('notNumber')
      return { kind, text: t }
    }
    case 'decimal':
      if (!/^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(t) && t !== 'NaN' && t !== 'Infinity' && t !== '-Infinity') throw new TypedValueError('notDecimal')
      return { kind, text: t }
    case 'date': {
      const ms = Date.parse(t)
      if (Number.isNaN(ms)) throw new TypedValueError('notDate')
      // The API's canonical output form is an ISO string in UTC; edited dates use it too.
      return { kind, raw: new Date(ms).toISOString() }
    }
    case 'objectId':
      if (!/^[0-9a-fA-F]{24}$/.test(t)) throw new TypedValueError('notObjectId')
      return { kind, hex: t.toLowerCase() }
    case 'timestamp': {
      const m = /^(\d+)\s*[,:]\s*(\d+)$/.exec(t)
      if (m === null) throw new TypedValueError('notTimestamp')
      return { kind, t: Number(m[1]), i: Number(m[2]) }
    }
    case 'binary':
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 !== 0) throw new TypedValueError('notBase64')
      return { kind, base64: t, subType: '00' }
    case 'regex': {
      const m = /^\/(.*)\/([a-z]*)$/s.exec(t)
      if (m === null) throw new TypedValueError('notRegex')
      return { kind, pattern: m[1]!, options: m[2]! }
    }
    case 'object': return { kind, entries: [] }
    case 'array': return { kind, items: [] }
  }
}

/** The editable text of a scalar (inverse of {@link scalarFromText} for unchanged values). */
export function scalarToText(v: TypedValue): string {
  switch (v.kind) {
    case 'string': return v.value
    case 'bool': return String(v.value)
    case 'null': return 'null'
    case 'minKey': return 'MinKey'
    case 'maxKey': return 'MaxKey'
    case 'number':
    case 'int32':
    case 'int64':
    case 'double':
    case 'decimal': return v.text
    case 'date': {
      const ms = dateMillis(v.raw)
      return Number.isNaN(ms) ? (typeof v.raw === 'string' ? v.raw : '') : new Date(ms).toISOString()
    }
    case 'objectId': return v.hex
    case 'timestamp': return `${v.t},${v.i}`
    case 'binary': return v.base64
    case 'regex': return `/${v.pattern}/${v.options}`
    case 'object': return `{${v.entries.length} fields}`
    case 'array': return `[${v.items.length} items]`
  }
}

/** A short display form for table cells. */
export function displayValue(v: TypedValue): string {
  switch (v.kind) {
    case 'string': return v.value
    case 'objectId': return `ObjectId(${v.hex})`
    case 'int64': return `${v.text}L`
    case 'decimal': return `${v.text}m`
    case 'object':
    case 'array': return stringifyTypedJson(v)
    default: return scalarToText(v)
  }
}

/**
 * Converts a value to another kind, carrying its text across when the target accepts it
 * (an Int32 `5` becomes Int64 `5`), else the target's empty value.
 */
export function convertKind(v: TypedValue, kind: BsonKind): TypedValue {
  if (v.kind === kind) return v
  const text = v.kind === 'string' ? v.value : scalarToText(v)
  try {
    return scalarFromText(kind, text)
  } catch {
    const empty: Partial<Record<BsonKind, string>> = { int32: '0', int64: '0', double: '0', number: '0', decimal: '0', bool: 'false', date: new Date(0).toISOString(), objectId: '000000000000000000000000', timestamp: '0,0', binary: '', regex: '//' }
    return scalarFromText(kind, empty[kind] ?? '')
  }
}

/** A plain JSON number becomes what the server will store it as (int32 when it fits, else double). */
export function effectiveKind(v: TypedValue): BsonKind {
  if (v.kind !== 'number') return v.kind
  const n = Number(v.text)
  return /^-?\d+$/.test(v.text) && n >= INT32_MIN && n <= INT32_MAX ? 'int32' : 'double'
}
