/**
 * SequoiaDB conditions <-> react-querybuilder trees. The tree is what the builder shows; the
 * condition is typed JSON text. Anything the tree cannot express becomes a `raw` rule that
 * carries its JSON verbatim (flagged in the UI), so nothing a user wrote is ever dropped.
 */
import type { RuleGroupType, RuleType } from 'react-querybuilder'
import { type BsonKind, parseTypedJson, scalarFromText, scalarToText, stringifyTypedJson, TypedJsonSyntaxError, type TypedValue } from '../../lib/typed-json.js'

/** Comparison operators SequoiaDB's matcher takes on a field. */
export const compareOps = ['$et', '$ne', '$gt', '$gte', '$lt', '$lte'] as const
/** Operators whose value is an array. */
export const listOps = ['$in', '$nin', '$all'] as const
/** Operators with a 0/1 flag as value. */
export const flagOps = ['$exists', '$isnull'] as const
/**
 * SequoiaDB functions applied to the field before comparing: `{a: {$size: 1, $et: 3}}`.
 * (Plain MongoDB `$size` / `$type` are errors on the real server.)
 */
export const functionOps = ['$size', '$type', '$abs', '$ceiling', '$floor', '$lower', '$upper', '$trim', '$ltrim', '$rtrim', '$strlen', '$cast', '$add', '$subtract', '$multiply', '$divide', '$mod'] as const

/** Every operator a rule can carry. `raw` holds JSON the builder cannot show. */
export type RuleOperator = (typeof compareOps)[number] | (typeof listOps)[number] | (typeof flagOps)[number] | '$regex' | '$elemMatch' | '$mod' | `fn:${(typeof functionOps)[number]}` | 'raw'

/** What a rule's value holds: the text the user edits and the BSON type it stands for. */
export interface RuleValue {
  /** Editable text of the value (for arrays, elemMatch and raw: typed JSON text). */
  readonly text: string
  readonly kind: BsonKind
  /** `$regex` options. */
  readonly options?: string
  /** For `fn:` operators: the function's argument and the comparison after it. */
  readonly fnArg?: string
  readonly compare?: (typeof compareOps)[number]
  /** The condition wrote `$et` explicitly (`{a: {$et: 1}}` rather than `{a: 1}`). */
  readonly explicit?: boolean
}

/** A rule of the builder tree. */
export type ConditionRule = RuleType<string, string, RuleValue>
/**
 * A group of the builder tree. `explicit` marks a group read from `$and` (kept as `$and` when
 * printed); a plain AND group is merged into its parent object.
 */
export type ConditionGroup = RuleGroupType<ConditionRule> & { explicit?: boolean }

const isCompare = (k: string): k is (typeof compareOps)[number] => (compareOps as readonly string[]).includes(k)
const isList = (k: string): k is (typeof listOps)[number] => (listOps as readonly string[]).includes(k)
const isFlag = (k: string): k is (typeof flagOps)[number] => (flagOps as readonly string[]).includes(k)
const isFunction = (k: string): boolean => (functionOps as readonly string[]).includes(k)

let seq = 0
const nextId = () => `r${++seq}`

function raw(field: string, entry: string): ConditionRule {
  return { id: nextId(), field, operator: 'raw', value: { text: entry, kind: 'object' } }
}

function valueOf(v: TypedValue): RuleValue {
  if (v.kind === 'object' || v.kind === 'array') return { text: stringifyTypedJson(v), kind: v.kind }
  return { text: scalarToText(v), kind: v.kind }
}

/** Rules for one `field: value` entry of a condition. */
function fieldRules(field: string, v: TypedValue): ConditionRule[] {
  const entryText = `{${JSON.stringify(field)}:${stringifyTypedJson(v)}}`
  if (v.kind !== 'object') return [{ id: nextId(), field, operator: '$et', value: valueOf(v) }]
  const keys = v.entries.map(([k]) => k)
  const dollar = keys.filter((k) => k.startsWith('$'))
  if (dollar.length === 0) return [{ id: nextId(), field, operator: '$et', value: valueOf(v) }]
  if (dollar.length !== keys.length) return [raw(field, entryText)]
  const get = (k: string) => v.entries.find(([x]) => x === k)?.[1]
  // A function form: exactly one function and one comparison, read as one rule.
  const fns = keys.filter((k) => isFunction(k) && !(k === '$mod' && get(k)?.kind === 'array'))
  if (fns.length > 0) {
    const cmp = keys.filter(isCompare)
    if (fns.length !== 1 || cmp.length !== 1 || keys.length !== 2) return [raw(field, entryText)]
    const fn = fns[0]!
    const c = cmp[0]!
    const arg = get(fn)!
    const cmpValue = get(c)!
    if (arg.kind === 'object' || arg.kind === 'array' || cmpValue.kind === 'object' || cmpValue.kind === 'array') return [raw(field, entryText)]
    return [{ id: nextId(), field, operator: `fn:${fn}`, value: { ...valueOf(cmpValue), fnArg: stringifyTypedJson(arg), compare: c } }]
  }
  const rules: ConditionRule[] = []
  for (const [op, x] of v.entries) {
    if (isCompare(op)) {
      if (x.kind === 'object' && x.entries.some(([k]) => k.startsWith('$'))) return [raw(field, entryText)]
      rules.push({ id: nextId(), field, operator: op, value: { ...valueOf(x), ...(op === '$et' ? { explicit: true } : {}) } })
    } else if (isList(op) && x.kind === 'array') rules.push({ id: nextId(), field, operator: op, value: valueOf(x) })
    else if (isFlag(op) && x.kind !== 'object' && x.kind !== 'array') rules.push({ id: nextId(), field, operator: op, value: valueOf(x) })
    else if (op === '$regex' && x.kind === 'string') {
      const o = get('$options')
      rules.push({ id: nextId(), field, operator: '$regex', value: { text: x.value, kind: 'string', ...(o?.kind === 'string' ? { options: o.value } : {}) } })
    } else if (op === '$options' && keys.includes('$regex')) continue
    else if (op === '$elemMatch' && x.kind === 'object') rules.push({ id: nextId(), field, operator: '$elemMatch', value: valueOf(x) })
    else if (op === '$mod' && x.kind === 'array' && x.items.length === 2) rules.push({ id: nextId(), field, operator: '$mod', value: valueOf(x) })
    else return [raw(field, entryText)]
  }
  return rules
}

function groupOf(combinator: 'and' | 'or', items: readonly TypedValue[], not: boolean): ConditionGroup | null {
  const rules: (ConditionRule | ConditionGroup)[] = []
  for (const item of items) {
    if (item.kind !== 'object') return null
    const sub = andGroup(item)
    // A one-clause item is shown as that rule or group itself; printing it back gives the same object.
    rules.push(sub.rules.length === 1 ? sub.rules[0]! : sub)
  }
  return { id: nextId(), combinator, rules, ...(not ? { not: true } : {}), ...(combinator === 'and' && !not ? { explicit: true } : {}) }
}

function andGroup(obj: Extract<TypedValue, { kind: 'object' }>): ConditionGroup {
  const rules: (ConditionRule | ConditionGroup)[] = []
  for (const [k, v] of obj.entries) {
    const entryText = `{${JSON.stringify(k)}:${stringifyTypedJson(v)}}`
    if (k === '$and' || k === '$or' || k === '$not') {
      const g = v.kind === 'array' ? groupOf(k === '$or' ? 'or' : 'and', v.items, k === '$not') : null
      rules.push(g ?? raw('', entryText))
    } else if (k.startsWith('$')) rules.push(raw('', entryText))
    else rules.push(...fieldRules(k, v))
  }
  return { id: nextId(), combinator: 'and', rules }
}

/** Parses condition text into a builder tree (throws a {@link TypedJsonSyntaxError} on invalid JSON or a non-object). */
export function treeFromCondition(text: string): ConditionGroup {
  if (text.trim() === '') return { id: nextId(), combinator: 'and', rules: [] }
  const v = parseTypedJson(text)
  if (v.kind !== 'object') throw new TypedJsonSyntaxError('expectedObject', 0)
  return andGroup(v)
}

// ---------------------------------------------------------------------------------------------

/** A value as typed JSON text; throws a TypedValueError when the text does not fit its type. */
export function valueText(v: RuleValue): string {
  if (v.kind === 'object' || v.kind === 'array') return stringifyTypedJson(parseTypedJson(v.text === '' ? (v.kind === 'array' ? '[]' : '{}') : v.text))
  return stringifyTypedJson(scalarFromText(v.kind, v.text))
}

/** The operator object (or plain value) a rule contributes under its field. */
function ruleOps(r: ConditionRule): { ops: [string, string][] } | { plain: string } {
  const op = r.operator
  const v = r.value
  if (op === '$et' && v.explicit !== true && v.kind !== 'object') return { plain: valueText(v) }
  if (op === '$et' && v.kind === 'object' && v.explicit !== true) {
    const t = valueText(v)
    // An embedded document with $-keys would read as operators: write $et explicitly.
    return /^\{"\$/.test(t) && !/^\{"\$(numberInt|numberLong|numberDouble|decimal|date|oid|timestamp|binary|regularExpression|minKey|maxKey)"/.test(t) ? { ops: [['$et', t]] } : { plain: t }
  }
  if (op === '$regex') return { ops: [['$regex', JSON.stringify(v.text)], ...(v.options === undefined || v.options === '' ? [] : [['$options', JSON.stringify(v.options)] as [string, string]])] }
  if (op.startsWith('fn:')) return { ops: [[op.slice(3), v.fnArg === undefined || v.fnArg === '' ? '1' : stringifyTypedJson(parseTypedJson(v.fnArg))], [v.compare ?? '$et', valueText(v)]] }
  return { ops: [[op, valueText(v)]] }
}

function clauseText(r: ConditionRule | RuleGroupType<ConditionRule>): string {
  if ('rules' in r) return groupText(r)
  if (r.operator === 'raw') return stringifyTypedJson(parseTypedJson(r.value.text))
  const o = ruleOps(r)
  const body = 'plain' in o ? o.plain : `{${o.ops.map(([k, x]) => `${JSON.stringify(k)}:${x}`).join(',')}}`
  return `{${JSON.stringify(r.field)}:${body}}`
}

function entriesOf(objText: string): [string, string][] {
  const v = parseTypedJson(objText)
  if (v.kind !== 'object') return []
  return v.entries.map(([k, x]) => [k, stringifyTypedJson(x)])
}

/** Merges AND-ed clauses into one object while keys stay unique; else falls back to `$and`. */
function mergeAnd(clauses: readonly string[]): string {
  const merged: [string, string][] = []
  for (const c of clauses) {
    for (const [k, x] of entriesOf(c)) {
      const at = merged.findIndex(([m]) => m === k)
      if (at < 0) {
        merged.push([k, x])
        continue
      }
      const prev = merged[at]![1]
      const a = entriesOf(prev), b = entriesOf(x)
      const mergeable = prev.startsWith('{"$') && x.startsWith('{"$') && a.length > 0 && b.length > 0 && a.every(([ak]) => ak.startsWith('$') && !b.some(([bk]) => bk === ak)) && b.every(([bk]) => bk.startsWith('$'))
      if (!mergeable) return `{"$and":[${clauses.join(',')}]}`
      merged[at] = [k, `{${[...a, ...b].map(([ek, ev]) => `${JSON.stringify(ek)}:${ev}`).join(',')}}`]
    }
  }
  return `{${merged.map(([k, x]) => `${JSON.stringify(k)}:${x}`).join(',')}}`
}

function groupText(g: ConditionGroup): string {
  const clauses = g.rules.map(clauseText)
  if (clauses.length === 0) return '{}'
  if (g.combinator === 'or') {
    const or = `{"$or":[${clauses.join(',')}]}`
    return g.not === true ? `{"$not":[${or}]}` : or
  }
  if (g.not === true) return `{"$not":[${clauses.join(',')}]}`
  return g.explicit === true ? `{"$and":[${clauses.join(',')}]}` : mergeAnd(clauses)
}

/** Prints a builder tree as condition text (typed JSON, compact). */
export function conditionFromTree(g: ConditionGroup): string {
  return groupText(g)
}

/** Rules that hold JSON the builder cannot show (flagged in the UI). */
export function rawRules(g: ConditionGroup): ConditionRule[] {
  return g.rules.flatMap((r) => ('rules' in r ? rawRules(r) : r.operator === 'raw' ? [r] : []))
}
