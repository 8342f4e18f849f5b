/**
 * Value functions shared by the matcher (`{a: {$abs: 1, $et: 3}}`) and the selector
 * (`{a: {$add: 10}}`): math, string, `$cast`, `$type`, `$size`. Math and string functions map
 * over array elements; `$type` and `$size` look at the value as a whole.
 */
import { ObjectId } from '@canopy/sdb-client/bson'
import { arith } from './arith.js'
import type { ArithOp } from './arith.js'
import { Dec } from './dec.js'
import { SdbFault } from './fault.js'
import {
  T,
  TYPE_NAMES,
  decimal,
  double,
  entriesOf,
  formatDoubleText,
  fromNum,
  int32,
  int64,
  isDoc,
  numToBigInt,
  numToDec,
  numToNumber,
  toNum,
  typeCode,
  textOf,
  utf8Length,
} from './values.js'
import type { BsonValue } from './values.js'

/** Transforms a present value (never called for a missing field). */
export type ValueFn = (v: BsonValue) => BsonValue

/** Names of the functions usable in conditions and selectors. */
export const FUNCTION_NAMES: ReadonlySet<string> = new Set([
  '$abs',
  '$ceiling',
  '$floor',
  '$mod',
  '$add',
  '$subtract',
  '$multiply',
  '$divide',
  '$substr',
  '$strlen',
  '$strlenBytes',
  '$strlenCP',
  '$lower',
  '$upper',
  '$trim',
  '$ltrim',
  '$rtrim',
  '$cast',
  '$type',
  '$size',
])

const invalid = (detail: string): SdbFault => new SdbFault(-6, detail)

function elementWise(f: ValueFn): ValueFn {
  return (v) => (Array.isArray(v) ? v.map((e) => f(e)) : f(v))
}

function numericArg(name: string, arg: BsonValue): ReturnType<typeof toNum> & object {
  const n = toNum(arg)
  if (!n) throw invalid(`${name} needs a number`)
  return n
}

function mathFn(op: ArithOp, name: string, arg: BsonValue): ValueFn {
  const b = numericArg(name, arg)
  if ((op === 'div' || op === 'mod') && numToNumber(b) === 0) throw invalid(`${name} by zero`)
  return elementWise((v) => {
    const a = toNum(v)
    if (!a) return null
    const r = arith(op, a, b)
    return r ? fromNum(r) : null
  })
}

function absValue(v: BsonValue): BsonValue {
  const n = toNum(v)
  if (!n) return null
  switch (n.k) {
    case 'int32':
      return n.v === -2147483648 ? int64(2147483648n) : int32(Math.abs(n.v))
    case 'int64':
      return n.v < 0n ? (n.v === -(2n ** 63n) ? decimal(Dec.fromBigInt(2n ** 63n)) : int64(-n.v)) : int64(n.v)
    case 'double':
      return double(Math.abs(n.v))
    case 'decimal': {
      const d = n.v
      return d ? decimal(d.unscaled < 0n ? new Dec(-d.unscaled, d.scale) : d) : v
    }
  }
}

function roundFn(up: boolean): ValueFn {
  return (v) => {
    const n = toNum(v)
    if (!n) return null
    if (n.k === 'int32' || n.k === 'int64') return v
    if (n.k === 'double') return double(up ? Math.ceil(n.v) : Math.floor(n.v))
    const d = n.v
    if (!d) return v
    const t = d.trunc()
    const exact = Dec.fromBigInt(t).cmp(d) === 0
    const r = exact ? t : d.unscaled < 0n ? (up ? t : t - 1n) : up ? t + 1n : t
    return decimal(Dec.fromBigInt(r))
  }
}

function stringFn(f: (s: string) => BsonValue): ValueFn {
  return elementWise((v) => (typeof v === 'string' ? f(v) : null))
}

function substrFn(arg: BsonValue): ValueFn {
  let start: number
  let len: number | undefined
  if (Array.isArray(arg)) {
    const a = arg[0] === undefined ? undefined : toNum(arg[0])
    const b = arg[1] === undefined ? undefined : toNum(arg[1])
    if (!a || !b || arg.length !== 2) throw invalid('$substr needs [start, length]')
    start = Math.trunc(numToNumber(a))
    len = Math.trunc(numToNumber(b))
  } else {
    start = Math.trunc(numToNumber(numericArg('$substr', arg)))
  }
  // Byte offsets, as `_getSubStr`: a start outside the string gives "".
  return stringFn((s) => {
    const bytes = Buffer.from(s, 'utf8')
    const from = start < 0 ? bytes.length + start : start
    if (from < 0 || from >= bytes.length) return ''
    const end = len === undefined || len < 0 ? bytes.length : Math.min(from + len, bytes.length)
    return bytes.subarray(from, end).toString('utf8')
  })
}

/** Renders a value as the server's `BSONObj::toString` does (used by `$cast` to string). */
export function valueToText(v: BsonValue): string {
  const t = typeCode(v)
  switch (t) {
    case T.String:
      return JSON.stringify(v)
    case T.Int32:
    case T.Int64:
      return numToBigInt(toNum(v)!)!.toString()
    case T.Double: {
      const x = numToNumber(toNum(v)!)
      const s = formatDoubleText(x)
      return /^-?\d+$/.test(s) ? `${s}.0` : s
    }
    case T.Decimal:
      return `{ "$decimal": "${textOf(v)}" }`
    case T.Bool:
      return v ? 'true' : 'false'
    case T.Null:
      return 'null'
    case T.Array:
      return (v as BsonValue[]).length === 0 ? '[]' : `[ ${(v as BsonValue[]).map(valueToText).join(', ')} ]`
    case T.Object: {
      const e = isDoc(v) ? entriesOf(v) : []
      return e.length === 0 ? '{}' : `{ ${e.map(([k, x]) => `${JSON.stringify(k)}: ${valueToText(x)}`).join(', ')} }`
    }
    case T.ObjectId:
      return `{ "$oid": "${(v as ObjectId).toHexString()}" }`
    case T.Date:
      return `{ "$date": ${(v as Date).getTime()} }`
    default:
      return textOf(v)
  }
}

function roundHalfAway(d: Dec): bigint {
  const t = d.trunc()
  const frac = d.sub(Dec.fromBigInt(t))
  const twice = frac.add(frac)
  if (d.unscaled >= 0n) return twice.cmp(Dec.fromBigInt(1n)) >= 0 ? t + 1n : t
  return twice.cmp(Dec.fromBigInt(-1n)) <= 0 ? t - 1n : t
}

function castTo(target: number, v: BsonValue): BsonValue {
  const t = typeCode(v)
  if (t === target) return v
  const n = toNum(v)
  switch (target) {
    case T.Int32:
    case T.Int64: {
      const big = target === T.Int64
      const [lo, hi] = big ? [-(2n ** 63n), 2n ** 63n - 1n] : [-2147483648n, 2147483647n]
      let i: bigint
      if (t === T.Bool) i = v ? 1n : 0n
      else if (t === T.Date) i = BigInt(Math.trunc((v as Date).getTime() / (big ? 1 : 1000)))
      else if (n?.k === 'decimal') i = n.v ? roundHalfAway(n.v) : 0n
      else if (n) i = numToBigInt(n) ?? 0n
      else if (t === T.String) {
        const x = Number(v)
        i = Number.isFinite(x) ? BigInt(Math.trunc(x)) : 0n
      } else return t === T.Null ? null : big ? int64(0n) : int32(0)
      if (i < lo || i > hi) i = 0n
      return big ? int64(i) : int32(Number(i))
    }
    case T.Double: {
      if (t === T.Bool) return double(v ? 1 : 0)
      if (t === T.Date) return double((v as Date).getTime())
      if (n) {
        const x = numToNumber(n)
        return double(Number.isFinite(x) ? x : 0)
      }
      if (t === T.String) {
        const x = Number(v)
        return double(Number.isFinite(x) ? x : 0)
      }
      return null
    }
    case T.Decimal: {
      if (n) {
        const d = numToDec(n)
        return d ? decimal(d) : null
      }
      if (t === T.String) {
        const d = Dec.parse(v as string)
        return decimal(d ?? Dec.fromBigInt(0n))
      }
      if (t === T.Bool) return decimal(Dec.fromBigInt(v ? 1n : 0n))
      return null
    }
    case T.String: {
      if (t === T.Int32 || t === T.Int64) return numToBigInt(n!)!.toString()
      if (t === T.Double) return formatDoubleText(numToNumber(n!))
      if (t === T.Decimal) return textOf(v)
      if (t === T.Bool) return v ? 'true' : 'false'
      if (t === T.ObjectId) return (v as ObjectId).toHexString()
      if (t === T.Object || t === T.Array) return valueToText(v)
      if (t === T.Date) return (v as Date).toISOString().slice(0, 10)
      return null
    }
    case T.Bool:
      if (n) return numToNumber(n) !== 0
      if (t === T.String) return (v as string).length > 0
      return t !== T.Null
    case T.ObjectId:
      return typeof v === 'string' && /^[0-9a-fA-F]{24}$/.test(v) ? ObjectId.createFromHexString(v) : null
    case T.Null:
      return null
    default:
      return null
  }
}

function castTarget(arg: BsonValue): number {
  if (typeof arg === 'string') {
    const name = arg.toLowerCase()
    for (const [code, n] of Object.entries(TYPE_NAMES)) if (n === name) return Number(code)
    throw invalid(`$cast: unknown type ${arg}`)
  }
  const n = toNum(arg)
  if (n) {
    const code = Number(numToBigInt(n))
    if (TYPE_NAMES[code] !== undefined) return code
  }
  throw invalid('$cast needs a type name or number')
}

function typeFn(arg: BsonValue): ValueFn {
  const n = toNum(arg)
  const mode = n ? numToNumber(n) : NaN
  if (mode !== 1 && mode !== 2) throw invalid('$type takes 1 or 2')
  return (v) => {
    const code = typeCode(v)
    return mode === 1 ? int32(code) : (TYPE_NAMES[code] ?? 'unknown')
  }
}

function sizeValue(v: BsonValue): BsonValue {
  if (Array.isArray(v)) return int32(v.length)
  if (isDoc(v)) return int32(entriesOf(v).length)
  return null
}

const PLACEHOLDER_ONLY = new Set([
  '$abs',
  '$ceiling',
  '$floor',
  '$size',
  '$strlen',
  '$strlenBytes',
  '$strlenCP',
  '$lower',
  '$upper',
  '$trim',
  '$ltrim',
  '$rtrim',
])

/** Compiles `{$fn: arg}`; throws -6 for a bad argument. */
export function compileFunction(name: string, arg: BsonValue): ValueFn {
  // These take no argument: the value must be the placeholder 1 (`mthIsNumber1`).
  if (PLACEHOLDER_ONLY.has(name)) {
    const n = toNum(arg)
    if (!n || numToNumber(n) !== 1) throw invalid(`${name} takes the placeholder 1`)
  }
  switch (name) {
    case '$abs':
      return elementWise(absValue)
    case '$ceiling':
      return elementWise(roundFn(true))
    case '$floor':
      return elementWise(roundFn(false))
    case '$mod':
      return mathFn('mod', name, arg)
    case '$add':
      return mathFn('add', name, arg)
    case '$subtract':
      return mathFn('sub', name, arg)
    case '$multiply':
      return mathFn('mul', name, arg)
    case '$divide':
      return mathFn('div', name, arg)
    case '$substr':
      return substrFn(arg)
    case '$strlen':
    case '$strlenBytes':
      return stringFn((s) => int32(utf8Length(s)))
    case '$strlenCP':
      return stringFn((s) => int32(Array.from(s).length))
    case '$lower':
      return stringFn((s) => s.toLowerCase())
    case '$upper':
      return stringFn((s) => s.toUpperCase())
    case '$trim':
      return stringFn((s) => s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, ''))
    case '$ltrim':
      return stringFn((s) => s.replace(/^[ \t\n\r]+/, ''))
    case '$rtrim':
      return stringFn((s) => s.replace(/[ \t\n\r]+$/, ''))
    case '$cast': {
      const target = castTarget(arg)
      return elementWise((v) => castTo(target, v))
    }
    case '$type':
      return typeFn(arg)
    case '$size':
      return sizeValue
    default:
      throw invalid(`unknown function ${name}`)
  }
}
