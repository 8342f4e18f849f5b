import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvParser, JsonArraySplitter, JsonShapeError, NdjsonSplitter, csvCellToTyped, csvLine, leafPaths, setPath, typedToCsvCell } from './data-formats.js'

function chunked(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
  const out: string[] = []
  let last = 0
  for (const p of points) {
    out.push(text.slice(last, p))
    last = p
  }
  out.push(text.slice(last))
  return out
}

describe('CSV', () => {
  it('frames the same whatever the chunking, quotes and newlines included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é') }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, cuts) => {
          const text = rows.map((r) => csvLine(r)).join('')
          const parser = new CsvParser()
          const records = chunked(text, cuts).flatMap((c) => parser.push(c))
          records.push(...parser.end())
          const got = records.map((r) => r.cells.map((c) => c.value))
          expect(got).toEqual(rows)
        },
      ),
    )
  })

  it('types cells: quoted strings stay strings, numbers by range, typed JSON parsed', () => {
    expect(csvCellToTyped({ value: '42', quoted: true })).toBe('42')
    expect(csvCellToTyped({ value: '42', quoted: false })).toEqual({ $numberInt: '42' })
    expect(csvCellToTyped({ value: '9007199254740993', quoted: false })).toEqual({ $numberLong: '9007199254740993' })
    expect(csvCellToTyped({ value: '1.5', quoted: false })).toEqual({ $numberDouble: '1.5' })
    expect(csvCellToTyped({ value: '', quoted: false })).toBeUndefined()
    expect(csvCellToTyped({ value: '{"$date":"2024-01-02"}', quoted: false })).toEqual({ $date: '2024-01-02' })
    expect(csvCellToTyped({ value: 'hello', quoted: false })).toBe('hello')
    expect(typedToCsvCell({ $numberLong: '9007199254740993' })).toBe('9007199254740993')
    expect(typedToCsvCell({ $oid: 'ab' })).toBe('{"$oid":"ab"}')
  })

  it('reports an unterminated quote', () => {
    const p = new CsvParser()
    p.push('a,"b\n')
    expect(() => p.end()).toThrow(JsonShapeError)
  })
})

describe('NDJSON and JSON arrays', () => {
  it('splits lines across chunks, CRLF and no final newline included', () => {
    const s = new NdjsonSplitter()
    const got = [...s.push('{"a":1}\r\n{"b"'), ...s.push(':2}\n\n{"c":3}'), ...s.end()]
    expect(got).toEqual([{ row: 1, text: '{"a":1}' }, { row: 2, text: '{"b":2}' }, { row: 4, text: '{"c":3}' }])
  })

  it('splits array elements whatever the chunking, brackets inside strings included', () => {
    const text = ' [ {"a":"]","b":[1,{"c":"\\""}]} , {"d":{}} ,3]\n'
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 8 }), (cuts) => {
        const s = new JsonArraySplitter()
        const got = chunked(text, cuts).flatMap((c) => s.push(c))
        s.end()
        expect(got.map((r) => JSON.parse(r.text))).toEqual([{ a: ']', b: [1, { c: '"' }] }, { d: {} }, 3])
      }),
    )
  })

  it('refuses a non-array and an unclosed array', () => {
    expect(() => new JsonArraySplitter().push('{"a":1}')).toThrow(JsonShapeError)
    const s = new JsonArraySplitter()
    s.push('[{"a":1}')
    expect(() => s.end()).toThrow(/not closed/)
  })
})

describe('paths', () => {
  it('lists leaf paths and sets nested paths', () => {
    expect(leafPaths({ a: { b: { $numberInt: '1' }, c: 'x' }, d: [1], e: {} })).toEqual(['a.b', 'a.c', 'd', 'e'])
    const doc: Record<string, unknown> = {}
    setPath(doc, 'a.b', 1)
    setPath(doc, 'a.c', 2)
    expect(doc).toEqual({ a: { b: 1, c: 2 } })
  })
})
