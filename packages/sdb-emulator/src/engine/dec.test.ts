import { describe, expect, it } from 'vitest'
import { Dec } from './dec.js'

const d = (s: string): Dec => Dec.parse(s)!

describe('decimal arithmetic', () => {
  it('keeps the larger scale on addition and subtraction', () => {
    expect(d('2.50').add(d('1')).toString()).toBe('3.50')
    expect(d('1').sub(d('0.125')).toString()).toBe('0.875')
    expect(d('-1099511627687.5').add(d('12.345')).toString()).toBe('-1099511627675.155')
  })

  it('divides to at least 16 significant digits, rounding half away from zero', () => {
    expect(d('10').div(d('4'))!.toString()).toBe('2.5000000000000000')
    expect(d('1').div(d('3'))!.toString()).toBe('0.33333333333333333333')
    expect(d('2').div(d('3'))!.toString()).toBe('0.66666666666666666667')
    expect(d('1').div(d('0'))).toBeUndefined()
  })

  it('parses exponents and compares by value', () => {
    expect(d('1e+20').toString()).toBe('100000000000000000000')
    expect(d('2.5E-3').toString()).toBe('0.0025')
    expect(d('1.50').cmp(d('1.5'))).toBe(0)
    expect(Dec.parse('NaN')).toBeUndefined()
  })
})
