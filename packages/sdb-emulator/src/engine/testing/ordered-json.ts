/**
 * Test support: the semantics corpus is typed JSON whose key order matters even for keys such
 * as "1", which `JSON.parse` would move to the front. This parser keeps the order and builds
 * engine values, and {@link canonicalJson} prints engine values the same way for comparison.
 */
import { fromTypedJson, toTypedJson } from '@canopy/sdb-client/bson'
import type { TypedJson } from '@canopy/sdb-client/bson'
import { keysOf, isDoc, makeDoc } from '../values.js'
import type { BsonValue } from '../values.js'

/** A parsed JSON value with object key order kept. */
export type OJson = null | boolean | number | string | OJson[] | { readonly entries: [string, OJson][] }

/** Parses JSON text keeping the order of object keys. */
export function parseOrdered(text: string): OJson {
  let i = 0
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const value = (): OJson => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const entries: [string, OJson][] = []
      ws()
      if (text[i] === '}') {
        i++
        return { entries }
      }
      for (;;) {
        ws()
        const k = value()
        if (typeof k !== 'string') throw new Error(`bad key at ${i}`)
        ws()
        if (text[i] !== ':') throw new Error(`expected : at ${i}`)
        i++
        entries.push([k, value()])
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return { entries }
        }
        throw new Error(`bad object at ${i}`)
      }
    }
    if (c === '[') {
      i++
      const out: OJson[] = []
      ws()
      if (text[i] === ']') {
        i++
        return out
      }
      for (;;) {
        out.push(value())
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return out
        }
        throw new Error(`bad array at ${i}`)
      }
    }
    if (c === '"') {
      let j = i + 1
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1
      const s = JSON.parse(text.slice(i, j + 1)) as string
      i = j + 1
      return s
    }
    const m = /^(true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 40))
    if (!m) throw new Error(`bad token at ${i}`)
    i += m[0].length
    return JSON.parse(m[0]) as OJson
  }
  const v = value()
  return v
}

function toPlain(j: OJson): TypedJson {
  if (j === null || typeof j !== 'object') return j
  if (Array.isArray(j)) return j.map(toPlain)
  const o: Record<string, TypedJson> = {}
  for (const [k, v] of j.entries) o[k] = toPlain(v)
  return o
}

const TYPE_TAGS = new Set([
  '$numberInt',
  '$numberLong',
  '$numberDouble',
  '$decimal',
  '$date',
  '$oid',
  '$timestamp',
  '$binary',
  '$regularExpression',
  '$minKey',
  '$maxKey',
])

/** Converts ordered typed JSON into engine values (documents keep their key order). */
export function toValue(j: OJson): BsonValue {
  if (j === null || typeof j !== 'object') return j
  if (Array.isArray(j)) return j.map(toValue)
  const first = j.entries[0]?.[0]
  if (first !== undefined && TYPE_TAGS.has(first)) return fromTypedJson(toPlain(j))
  return makeDoc(j.entries.map(([k, v]) => [k, toValue(v)]))
}

/** Prints ordered JSON canonically (for comparing with {@link canonicalJson}). */
export function printOrdered(j: OJson): string {
  if (j === null || typeof j !== 'object') return JSON.stringify(j)
  if (Array.isArray(j)) return `[${j.map(printOrdered).join(',')}]`
  return `{${j.entries.map(([k, v]) => `${JSON.stringify(k)}:${printOrdered(v)}`).join(',')}}`
}

/** Prints an engine value as typed JSON with its real field order. */
export function canonicalJson(v: BsonValue): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (isDoc(v)) return `{${keysOf(v).map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`
  return JSON.stringify(toTypedJson(v))
}
