/**
 * The current query as code a DBA can paste: sdb shell JavaScript, Python (pysequoiadb) and
 * TypeScript (@canopy/sdb-client). Values keep their BSON types in each language's own terms.
 */
import type { QueryState } from '../../lib/query-state.js'
import { dateMillis, parseTypedJson, type TypedValue } from '../../lib/typed-json.js'

function parse(text: string | undefined): TypedValue | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const v = parseTypedJson(text)
  return v.kind === 'object' && v.entries.length === 0 ? undefined : v
}

const q = (s: string) => JSON.stringify(s)

function iso(v: Extract<TypedValue, { kind: 'date' }>): string {
  const ms = dateMillis(v.raw)
  return Number.isNaN(ms) ? (typeof v.raw === 'string' ? v.raw : '') : new Date(ms).toISOString()
}

/** sdb shell: numbers stay numbers; other types use the shell's `$`-forms. */
function shellValue(v: TypedValue): string {
  switch (v.kind) {
    case 'string': return q(v.value)
    case 'bool': return String(v.value)
    case 'null': return 'null'
    case 'number':
    case 'int32': return v.text
    case 'double': return /^-?\d+$/.test(v.text) ? `${v.text}.0` : v.text === 'NaN' || v.text.includes('Infinity') ? v.text : v.text
    case 'int64': return `{ "$numberLong": ${q(v.text)} }`
    case 'decimal': return v.precision === undefined ? `{ "$decimal": ${q(v.text)} }` : `{ "$decimal": ${q(v.text)}, "$precision": [${v.precision[0]}, ${v.precision[1]}] }`
    case 'date': return `{ "$date": ${q(iso(v))} }`
    case 'objectId': return `{ "$oid": ${q(v.hex)} }`
    case 'timestamp': return `{ "$timestamp": ${q(shellTimestamp(v.t, v.i))} }`
    case 'binary': return `{ "$binary": ${q(v.base64)}, "$type": ${q(String(parseInt(v.subType, 16)))} }`
    case 'regex': return `{ "$regex": ${q(v.pattern)}, "$options": ${q(v.options)} }`
    case 'minKey': return '{ "$minKey": 1 }'
    case 'maxKey': return '{ "$maxKey": 1 }'
    case 'array': return `[${v.items.map(shellValue).join(', ')}]`
    case 'object': return `{ ${v.entries.map(([k, x]) => `${q(k)}: ${shellValue(x)}`).join(', ')} }`
  }
}

function shellTimestamp(t: number, i: number): string {
  const d = new Date(t * 1000)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}.${p(i, 6)}`
}

/** Python literal for pysequoiadb (its bundled `bson` package supplies the type classes). */
function pyValue(v: TypedValue, imports: Set<string>): string {
  switch (v.kind) {
    case 'string': return q(v.value)
    case 'bool': return v.value ? 'True' : 'False'
    case 'null': return 'None'
    case 'number':
    case 'int32': return v.text
    case 'double': return v.text === 'NaN' ? "float('nan')" : v.text === 'Infinity' ? "float('inf')" : v.text === '-Infinity' ? "float('-inf')" : /^-?\d+$/.test(v.text) ? `${v.text}.0` : v.text
    case 'int64': imports.add('from bson.int64 import Int64'); return `Int64(${v.text})`
    case 'decimal': imports.add('from bson.decimal import Decimal'); return v.precision === undefined ? `Decimal(${q(v.text)})` : `Decimal(${q(v.text)}, ${v.precision[0]}, ${v.precision[1]})`
    case 'date': {
      imports.add('import datetime')
      const d = new Date(dateMillis(v.raw))
      return `datetime.datetime(${d.getUTCFullYear()}, ${d.getUTCMonth() + 1}, ${d.getUTCDate()}, ${d.getUTCHours()}, ${d.getUTCMinutes()}, ${d.getUTCSeconds()}, ${d.getUTCMilliseconds() * 1000})`
    }
    case 'objectId': imports.add('from bson.objectid import ObjectId'); return `ObjectId(${q(v.hex)})`
    case 'timestamp': imports.add('from bson.timestamp import Timestamp'); return `Timestamp(${v.t}, ${v.i})`
    case 'binary': imports.add('import base64'); imports.add('from bson.binary import Binary'); return `Binary(base64.b64decode(${q(v.base64)}), ${parseInt(v.subType, 16)})`
    case 'regex': imports.add('from bson.regex import Regex'); return `Regex(${q(v.pattern)}, ${q(v.options)})`
    case 'minKey': imports.add('from bson.min_key import MinKey'); return 'MinKey()'
    case 'maxKey': imports.add('from bson.max_key import MaxKey'); return 'MaxKey()'
    case 'array': return `[${v.items.map((x) => pyValue(x, imports)).join(', ')}]`
    case 'object': imports.add('from bson import SON'); return `SON([${v.entries.map(([k, x]) => `(${q(k)}, ${pyValue(x, imports)})`).join(', ')}])`
  }
}

/** The query as sdb shell JavaScript. */
export function toShell(cs: string, cl: string, s: QueryState): string {
  const cond = parse(s.condition)
  const sel = parse(s.selector)
  let code = `db.${cs}.${cl}.find(${cond === undefined ? (sel === undefined ? '' : '{}') : shellValue(cond)}${sel === undefined ? '' : `, ${shellValue(sel)}`})`
  const order = parse(s.orderBy)
  const hint = parse(s.hint)
  if (order !== undefined) code += `.sort(${shellValue(order)})`
  if (hint !== undefined) code += `.hint(${shellValue(hint)})`
  if (s.skip !== undefined && s.skip > 0) code += `.skip(${s.skip})`
  if (s.limit !== undefined) code += `.limit(${s.limit})`
  return code
}

/** The query as Python for pysequoiadb. */
export function toPython(cs: string, cl: string, s: QueryState): string {
  const imports = new Set<string>(['from pysequoiadb import client'])
  const args: string[] = []
  const add = (name: string, text: string | undefined) => {
    const v = parse(text)
    if (v !== undefined) args.push(`${name}=${pyValue(v, imports)}`)
  }
  add('condition', s.condition)
  add('selector', s.selector)
  add('order_by', s.orderBy)
  add('hint', s.hint)
  if (s.skip !== undefined && s.skip > 0) args.push(`num_to_skip=${s.skip}`)
  if (s.limit !== undefined) args.push(`num_to_return=${s.limit}`)
  return [
    ...[...imports].sort(),
    '',
    "db = client('localhost', 11810, '', '')",
    'try:',
    `    cl = db.get_collection(${q(`${cs}.${cl}`)})`,
    `    cursor = cl.query(${args.join(', ')})`,
    '    while True:',
    '        try:',
    '            print(cursor.next())',
    '        except SDBEndOfCursor:',
    '            break',
    'finally:',
    '    db.disconnect()',
  ].join('\n').replace('from pysequoiadb import client', 'from pysequoiadb import client\nfrom pysequoiadb.error import SDBEndOfCursor')
}

/** The query as TypeScript for @canopy/sdb-client (typed JSON decoded by the driver's own codec). */
export function toTypeScript(cs: string, cl: string, s: QueryState): string {
  const parts: string[] = []
  const add = (name: string, text: string | undefined) => {
    const v = parse(text)
    if (v !== undefined) parts.push(`  ${name}: doc(${text!.trim()}),`)
  }
  add('condition', s.condition)
  add('selector', s.selector)
  add('orderBy', s.orderBy)
  add('hint', s.hint)
  if (s.skip !== undefined && s.skip > 0) parts.push(`  skip: ${s.skip},`)
  if (s.limit !== undefined) parts.push(`  limit: ${s.limit},`)
  return [
    "import { Client } from '@canopy/sdb-client'",
    "import { type BsonDocument, fromTypedJson, type TypedJson } from '@canopy/sdb-client/bson'",
    '',
    '// Typed JSON keeps each BSON type ($numberLong, $date, $oid, ...) exactly.',
    'const doc = (json: TypedJson) => fromTypedJson(json) as BsonDocument',
    "const db = await Client.connect({ hosts: ['localhost:11810'], user: '', password: '' })",
    'try {',
    `  const cl = db.collection(${q(`${cs}.${cl}`)})`,
    `  for await (const rec of cl.query({`,
    ...parts.map((p) => `  ${p}`),
    '  })) console.log(rec)',
    '} finally {',
    '  await db.close()',
    '}',
  ].join('\n')
}
