/**
 * The SQL the console's SQL tab sends: `select`, `insert`, `update`, `delete` on `cs.cl`, and
 * the statements the server turns into commands (`qgmPlCommand.cpp`): create/drop
 * collectionspace, create/drop collection (`partition by (...)` = ShardingKey), create [unique]
 * index / drop index, list collectionspaces / collections, begin transaction, commit, rollback.
 * A tokenizer and a recursive-descent parser turn the text into a plan of engine inputs
 * (condition, rule, documents) that the runtime executes with the same matcher, update and
 * sort code as the native requests. Syntax errors and what the server rejects (`count(*)`,
 * `distinct`) are `SdbFault(-195)`; a dotted column is -6.
 */
import { groupDocuments } from './aggregate.js'
import type { Accumulator, AccumulatorKind } from './aggregate.js'
import { SdbFault } from './fault.js'
import { projectPath, splitPath } from './path.js'
import { parseSort, skipLimit, sortDocuments } from './sort.js'
import { double, int32, int64, makeDoc } from './values.js'
import type { BsonDocument, BsonValue } from './values.js'

const syntax = (detail: string): SdbFault => new SdbFault(-195, detail)

type Tok =
  | { t: 'id'; v: string; quoted: boolean }
  | { t: 'num'; v: string }
  | { t: 'str'; v: string }
  | { t: 'op'; v: string }
  | { t: 'end' }

function tokenize(text: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1
      while (j < text.length && /[A-Za-z0-9_$]/.test(text[j]!)) j++
      out.push({ t: 'id', v: text.slice(i, j), quoted: false })
      i = j
      continue
    }
    if (c === '`') {
      const j = text.indexOf(c, i + 1)
      if (j < 0) throw syntax('unterminated identifier')
      out.push({ t: 'id', v: text.slice(i + 1, j), quoted: true })
      i = j + 1
      continue
    }
    // The server's grammar (sqlGrammar.hpp `str`) takes "..." as a string, like '...'.
    if (c === '"') {
      const j = text.indexOf(c, i + 1)
      if (j < 0) throw syntax('unterminated string')
      out.push({ t: 'str', v: text.slice(i + 1, j) })
      i = j + 1
      continue
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i))!
      out.push({ t: 'num', v: m[0] })
      i += m[0].length
      continue
    }
    if (c === "'") {
      let s = ''
      let j = i + 1
      for (;;) {
        if (j >= text.length) throw syntax('unterminated string')
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            s += "'"
            j += 2
            continue
          }
          break
        }
        s += text.charAt(j)
        j++
      }
      out.push({ t: 'str', v: s })
      i = j + 1
      continue
    }
    const two = text.slice(i, i + 2)
    if (two === '<=' || two === '>=' || two === '!=' || two === '<>') {
      out.push({ t: 'op', v: two })
      i += 2
      continue
    }
    if ('=<>(),.*;-+'.includes(c)) {
      out.push({ t: 'op', v: c })
      i++
      continue
    }
    throw syntax(`unexpected character ${c}`)
  }
  out.push({ t: 'end' })
  return out
}

/** A parsed statement, ready for the runtime. */
export type SqlPlan =
  | {
      readonly kind: 'select'
      /** `cs.cl` as written. */
      readonly collection: string
      readonly condition: BsonDocument | null
      /** Groups, sorts, pages and projects the documents that matched `condition`. */
      readonly finish: (matched: readonly BsonDocument[]) => BsonDocument[]
    }
  | { readonly kind: 'insert'; readonly collection: string; readonly documents: BsonDocument[] }
  | { readonly kind: 'update'; readonly collection: string; readonly rule: BsonDocument; readonly condition: BsonDocument | null }
  | { readonly kind: 'delete'; readonly collection: string; readonly condition: BsonDocument | null }
  /** A statement the server runs as the `$command` named here, with this query object. */
  | { readonly kind: 'command'; readonly command: string; readonly query: BsonDocument }
  | { readonly kind: 'transaction'; readonly action: 'begin' | 'commit' | 'rollback' }

interface SelectItem {
  readonly column?: string
  readonly agg?: AccumulatorKind
  readonly star?: boolean
  readonly alias: string
}

const AGGREGATES: Readonly<Record<string, AccumulatorKind>> = {
  count: 'count',
  sum: 'sum',
  avg: 'avg',
  min: 'min',
  max: 'max',
}

const RESERVED = new Set([
  'select', 'from', 'where', 'group', 'order', 'by', 'limit', 'offset', 'as', 'and', 'or', 'not',
  'is', 'null', 'in', 'like', 'asc', 'desc', 'insert', 'into', 'values', 'update', 'set', 'delete',
  'distinct', 'true', 'false',
])

class Parser {
  private pos = 0

  constructor(private readonly toks: readonly Tok[]) {}

  private peek(): Tok {
    return this.toks[this.pos]!
  }

  private next(): Tok {
    const t = this.toks[this.pos]!
    if (t.t !== 'end') this.pos++
    return t
  }

  isKw(kw: string): boolean {
    const t = this.peek()
    return t.t === 'id' && !t.quoted && t.v.toLowerCase() === kw
  }

  acceptKw(kw: string): boolean {
    if (!this.isKw(kw)) return false
    this.pos++
    return true
  }

  expectKw(kw: string): void {
    if (!this.acceptKw(kw)) throw syntax(`expected ${kw}`)
  }

  isOp(op: string): boolean {
    const t = this.peek()
    return t.t === 'op' && t.v === op
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false
    this.pos++
    return true
  }

  expectOp(op: string): void {
    if (!this.acceptOp(op)) throw syntax(`expected ${op}`)
  }

  atEnd(): boolean {
    this.acceptOp(';')
    return this.peek().t === 'end'
  }

  identifier(): string {
    const t = this.next()
    if (t.t !== 'id' || (!t.quoted && RESERVED.has(t.v.toLowerCase()))) throw syntax('expected a name')
    return t.v
  }

  /** A column name; a dotted one is rejected as the server does (-6). */
  column(): string {
    const name = this.identifier()
    if (this.isOp('.')) throw new SdbFault(-6, `dotted column ${name}.…`)
    return name
  }

  collection(): string {
    const cs = this.identifier()
    this.expectOp('.')
    const cl = this.identifier()
    return `${cs}.${cl}`
  }

  /** A field path as index keys and partitions take it (`a`, `a.b`). */
  fieldPath(): string {
    const parts = [this.identifier()]
    while (this.acceptOp('.')) parts.push(this.identifier())
    return parts.join('.')
  }

  /** `(field [asc|desc], ...)` as a key document (`_addOrderBy`: asc = 1, desc = -1). */
  keyFields(): BsonDocument {
    this.expectOp('(')
    const key: [string, BsonValue][] = []
    do {
      const field = this.fieldPath()
      let dir = 1
      if (this.acceptKw('desc')) dir = -1
      else this.acceptKw('asc')
      key.push([field, int32(dir)])
    } while (this.acceptOp(','))
    this.expectOp(')')
    return makeDoc(key)
  }

  /** A collection space name (one identifier). */
  spaceName(): string {
    const name = this.identifier()
    if (this.isOp('.')) throw syntax('a collection space name has no dot')
    return name
  }

  end(): void {
    if (!this.atEnd()) throw syntax('unexpected text after the statement')
  }

  literal(): BsonValue {
    const neg = this.acceptOp('-')
    if (!neg) this.acceptOp('+')
    const t = this.next()
    if (t.t === 'num') {
      const text = neg ? `-${t.v}` : t.v
      if (/^-?\d+$/.test(text)) {
        const b = BigInt(text)
        if (b >= -2147483648n && b <= 2147483647n) return int32(Number(b))
        if (b >= -(2n ** 63n) && b < 2n ** 63n) return int64(b)
        return double(Number(text))
      }
      return double(Number(text))
    }
    if (neg) throw syntax('expected a number')
    if (t.t === 'str') return t.v
    if (t.t === 'id' && !t.quoted) {
      const k = t.v.toLowerCase()
      if (k === 'null') return null
      if (k === 'true') return true
      if (k === 'false') return false
    }
    throw syntax('expected a value')
  }

  // expr := term (or term)*
  orExpr(): BsonDocument {
    const parts = [this.andExpr()]
    while (this.acceptKw('or')) parts.push(this.andExpr())
    return parts.length === 1 ? parts[0]! : { $or: parts }
  }

  andExpr(): BsonDocument {
    const parts = [this.notExpr()]
    while (this.acceptKw('and')) parts.push(this.notExpr())
    return parts.length === 1 ? parts[0]! : { $and: parts }
  }

  notExpr(): BsonDocument {
    if (this.acceptKw('not')) return { $not: [this.notExpr()] }
    if (this.acceptOp('(')) {
      const e = this.orExpr()
      this.expectOp(')')
      return e
    }
    return this.predicate()
  }

  predicate(): BsonDocument {
    const col = this.column()
    if (this.acceptKw('is')) {
      const not = this.acceptKw('not')
      this.expectKw('null')
      return makeDoc([[col, { $isnull: int32(not ? 0 : 1) }]])
    }
    const not = this.acceptKw('not')
    if (this.acceptKw('in')) {
      this.expectOp('(')
      const list = [this.literal()]
      while (this.acceptOp(',')) list.push(this.literal())
      this.expectOp(')')
      return makeDoc([[col, { [not ? '$nin' : '$in']: list }]])
    }
    if (this.acceptKw('like')) {
      const t = this.next()
      if (t.t !== 'str') throw syntax('like needs a string')
      // The server turns like into a regex of the raw pattern with option "s" (no % translation).
      const cond = makeDoc([[col, { $regex: t.v, $options: 's' }]])
      return not ? { $not: [cond] } : cond
    }
    if (not) throw syntax('expected in or like after not')
    const t = this.next()
    if (t.t !== 'op') throw syntax('expected a comparison')
    const ops: Readonly<Record<string, string>> = { '=': '$et', '!=': '$ne', '<>': '$ne', '<': '$lt', '<=': '$lte', '>': '$gt', '>=': '$gte' }
    const op = ops[t.v]
    if (!op) throw syntax(`unexpected ${t.v}`)
    const v = this.literal()
    return makeDoc([[col, op === '$et' ? v : { [op]: v }]])
  }

  selectItem(): SelectItem {
    if (this.acceptOp('*')) return { star: true, alias: '*' }
    const t = this.peek()
    const fn = t.t === 'id' && !t.quoted ? AGGREGATES[t.v.toLowerCase()] : undefined
    if (fn && this.toks[this.pos + 1]?.t === 'op' && (this.toks[this.pos + 1] as { v: string }).v === '(') {
      const name = this.identifier()
      this.expectOp('(')
      if (this.isOp('*')) throw syntax(`${name}(*) is not supported`)
      if (this.isKw('distinct')) throw syntax('distinct is not supported')
      const column = this.column()
      this.expectOp(')')
      const alias = this.acceptKw('as') ? this.identifier() : `${name}(${column})`
      return { column, agg: fn, alias }
    }
    const column = this.column()
    const alias = this.acceptKw('as') ? this.identifier() : column
    return { column, alias }
  }

  count(): number {
    const t = this.next()
    if (t.t !== 'num' || !/^\d+$/.test(t.v)) throw syntax('expected a count')
    return Number(t.v)
  }
}

function parseSelect(p: Parser): SqlPlan {
  if (p.isKw('distinct')) throw syntax('distinct is not supported')
  if (p.isKw('from')) throw syntax('empty select list')
  const items = [p.selectItem()]
  while (p.acceptOp(',')) items.push(p.selectItem())
  p.expectKw('from')
  const collection = p.collection()
  const condition = p.acceptKw('where') ? p.orExpr() : null
  const groupBy: string[] = []
  if (p.acceptKw('group')) {
    p.expectKw('by')
    groupBy.push(p.column())
    while (p.acceptOp(',')) groupBy.push(p.column())
  }
  const order: [string, BsonValue][] = []
  if (p.acceptKw('order')) {
    p.expectKw('by')
    do {
      const col = p.column()
      let dir = 1
      if (p.acceptKw('desc')) dir = -1
      else p.acceptKw('asc')
      order.push([col, int32(dir)])
    } while (p.acceptOp(','))
  }
  let limit = -1
  let skip = 0
  if (p.acceptKw('limit')) limit = p.count()
  if (p.acceptKw('offset')) skip = p.count()
  if (!p.atEnd()) throw syntax('unexpected text after the statement')

  const sort = parseSort(makeDoc(order))
  const star = items.some((i) => i.star)
  if (star && items.length > 1) throw syntax('* with other columns')
  const grouped = groupBy.length > 0 || items.some((i) => i.agg)
  const finish = (matched: readonly BsonDocument[]): BsonDocument[] => {
    if (grouped) {
      const keyParts = groupBy.map((g) => splitPath(g))
      const key = (d: BsonDocument): BsonValue =>
        makeDoc(keyParts.map((parts, i) => [String(i), projectPath(d, parts) ?? null]))
      const accs: Accumulator[] = items.map((i) => {
        const parts = splitPath(i.column ?? '')
        return { name: i.alias, kind: i.agg ?? 'first', expr: (d: BsonDocument) => projectPath(d, parts) }
      })
      const rows = groupDocuments(matched, key, accs)
      return skipLimit(sortDocuments(rows, sort), skip, limit)
    }
    const page = skipLimit(sortDocuments(matched, sort), skip, limit)
    if (star) return page
    const cols = items.map((i) => ({ alias: i.alias, parts: splitPath(i.column!) }))
    return page.map((d) => makeDoc(cols.map((c) => [c.alias, projectPath(d, c.parts) ?? null])))
  }
  return { kind: 'select', collection, condition, finish }
}

function parseInsert(p: Parser): SqlPlan {
  p.expectKw('into')
  const collection = p.collection()
  const cols: string[] = []
  if (p.acceptOp('(')) {
    cols.push(p.column())
    while (p.acceptOp(',')) cols.push(p.column())
    p.expectOp(')')
  }
  p.expectKw('values')
  const documents: BsonDocument[] = []
  do {
    p.expectOp('(')
    const vals = [p.literal()]
    while (p.acceptOp(',')) vals.push(p.literal())
    p.expectOp(')')
    if (vals.length !== cols.length) throw syntax('the number of values does not match the columns')
    documents.push(makeDoc(cols.map((c, i) => [c, vals[i]])))
  } while (p.acceptOp(','))
  if (!p.atEnd()) throw syntax('unexpected text after the statement')
  return { kind: 'insert', collection, documents }
}

function parseUpdate(p: Parser): SqlPlan {
  const collection = p.collection()
  p.expectKw('set')
  const sets: [string, BsonValue][] = []
  do {
    const col = p.column()
    p.expectOp('=')
    sets.push([col, p.literal()])
  } while (p.acceptOp(','))
  const condition = p.acceptKw('where') ? p.orExpr() : null
  if (!p.atEnd()) throw syntax('unexpected text after the statement')
  return { kind: 'update', collection, rule: { $set: makeDoc(sets) }, condition }
}

function parseDelete(p: Parser): SqlPlan {
  p.expectKw('from')
  const collection = p.collection()
  const condition = p.acceptKw('where') ? p.orExpr() : null
  if (!p.atEnd()) throw syntax('unexpected text after the statement')
  return { kind: 'delete', collection, condition }
}

const command = (name: string, query: BsonDocument): SqlPlan => ({ kind: 'command', command: name, query })

function parseCreate(p: Parser): SqlPlan {
  if (p.acceptKw('collectionspace')) {
    const name = p.spaceName()
    p.end()
    return command('create collectionspace', { Name: name })
  }
  if (p.acceptKw('collection')) {
    const name = p.collection()
    let shardingKey: BsonDocument | undefined
    if (p.acceptKw('partition')) {
      p.expectKw('by')
      shardingKey = p.keyFields()
    }
    p.end()
    return command('create collection', shardingKey ? { Name: name, ShardingKey: shardingKey } : { Name: name })
  }
  const unique = p.acceptKw('unique')
  p.expectKw('index')
  const indexName = p.identifier()
  p.expectKw('on')
  const collection = p.collection()
  const key = p.keyFields()
  p.end()
  const index = unique ? { Key: key, Name: indexName, Unique: true } : { Key: key, Name: indexName }
  return command('create index', { Collection: collection, Index: index })
}

function parseDrop(p: Parser): SqlPlan {
  if (p.acceptKw('collectionspace')) {
    const name = p.spaceName()
    p.end()
    return command('drop collectionspace', { Name: name })
  }
  if (p.acceptKw('collection')) {
    const name = p.collection()
    p.end()
    return command('drop collection', { Name: name })
  }
  p.expectKw('index')
  const indexName = p.identifier()
  p.expectKw('on')
  const collection = p.collection()
  p.end()
  return command('drop index', { Collection: collection, Index: { Name: indexName, Key: '' } })
}

function parseList(p: Parser): SqlPlan {
  if (p.acceptKw('collectionspaces')) {
    p.end()
    return command('list collectionspaces', {})
  }
  p.expectKw('collections')
  p.end()
  return command('list collections', {})
}

function parseTransaction(p: Parser, action: 'begin' | 'commit' | 'rollback'): SqlPlan {
  if (action === 'begin') p.expectKw('transaction')
  p.end()
  return { kind: 'transaction', action }
}

/** Parses one SQL statement into a plan. */
export function parseSql(text: string): SqlPlan {
  const p = new Parser(tokenize(text))
  if (p.acceptKw('select')) return parseSelect(p)
  if (p.acceptKw('insert')) return parseInsert(p)
  if (p.acceptKw('update')) return parseUpdate(p)
  if (p.acceptKw('delete')) return parseDelete(p)
  if (p.acceptKw('create')) return parseCreate(p)
  if (p.acceptKw('drop')) return parseDrop(p)
  if (p.acceptKw('list')) return parseList(p)
  if (p.acceptKw('begin')) return parseTransaction(p, 'begin')
  if (p.acceptKw('commit')) return parseTransaction(p, 'commit')
  if (p.acceptKw('rollback')) return parseTransaction(p, 'rollback')
  throw syntax('expected select, insert, update, delete, create, drop, list, begin transaction, commit or rollback')
}
