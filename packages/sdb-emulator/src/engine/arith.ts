/**
 * Arithmetic over the four numeric types with SequoiaDB's promotions: integers stay integers
 * (int32 widening to int64, int64 overflowing to decimal), a double makes a double, a decimal
 * makes a decimal.
 */
import { Dec } from './dec.js'
import { fitsInt32, fitsInt64, numToBigInt, numToDec, numToNumber } from './values.js'
import type { Num } from './values.js'

export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'mod'

function decResult(d: Dec | undefined): Num {
  return { k: 'decimal', v: d, raw: undefined }
}

// The result keeps the left operand's int32 type when it fits (`_mthAddBasic`).
function intResult(v: bigint, leftInt32: boolean): Num {
  if (leftInt32 && fitsInt32(v)) return { k: 'int32', v: Number(v) }
  if (fitsInt64(v)) return { k: 'int64', v }
  return decResult(Dec.fromBigInt(v))
}

// x - trunc(x / y) * y in doubles, which is what the server computes for a double modulo.
function doubleMod(x: number, y: number): number {
  return x - Math.trunc(x / y) * y
}

/** Applies an arithmetic operator; undefined when the operation is undefined (e.g. / 0). */
export function arith(op: ArithOp, a: Num, b: Num): Num | undefined {
  if (a.k === 'decimal' || b.k === 'decimal') {
    const x = numToDec(a)
    const y = numToDec(b)
    if (!x || !y) return decResult(undefined)
    switch (op) {
      case 'add':
        return decResult(x.add(y))
      case 'sub':
        return decResult(x.sub(y))
      case 'mul':
        return decResult(x.mul(y))
      case 'div': {
        const q = x.div(y)
        return q ? decResult(q) : undefined
      }
      case 'mod': {
        const r = x.mod(y)
        return r ? decResult(r) : undefined
      }
    }
  }
  if (a.k === 'double' || b.k === 'double') {
    const x = numToNumber(a)
    const y = numToNumber(b)
    switch (op) {
      case 'add':
        return { k: 'double', v: x + y }
      case 'sub':
        return { k: 'double', v: x - y }
      case 'mul':
        return { k: 'double', v: x * y }
      case 'div':
        return y === 0 ? undefined : { k: 'double', v: x / y }
      case 'mod':
        return y === 0 ? undefined : { k: 'double', v: doubleMod(x, y) }
    }
  }
  const x = numToBigInt(a)!
  const y = numToBigInt(b)!
  const left32 = a.k === 'int32'
  switch (op) {
    case 'add':
      return intResult(x + y, left32)
    case 'sub':
      return intResult(x - y, left32)
    case 'mul':
      return intResult(x * y, left32)
    case 'div':
      // Integer division truncates, as C does.
      return y === 0n ? undefined : intResult(x / y, left32)
    case 'mod':
      // appendNumber(INT64): an int32 whenever the remainder fits.
      return y === 0n ? undefined : intResult(x % y, true)
  }
}
