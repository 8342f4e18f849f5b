/**
 * Exact decimal arithmetic that keeps the scale, as SequoiaDB's decimal type does: `2.50 + 1`
 * is `3.50`, not `3.5`. A value is `unscaled * 10^-scale`.
 */
export class Dec {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  /** Parses `-12.345`, `1e+20`, `2.5E-3`; returns undefined for anything else (NaN, Infinity). */
  static parse(text: string): Dec | undefined {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim())
    if (!m) return undefined
    const intPart = m[2] ?? ''
    const frac = m[3] ?? ''
    if (intPart === '' && frac === '') return undefined
    let digits = BigInt((intPart + frac) || '0')
    let scale = frac.length - Number(m[4] ?? '0')
    if (scale < 0) {
      digits *= 10n ** BigInt(-scale)
      scale = 0
    }
    return new Dec(m[1] === '-' ? -digits : digits, scale)
  }

  static fromBigInt(v: bigint): Dec {
    return new Dec(v, 0)
  }

  /** The shortest decimal that reads back as the double (how the server prints a double). */
  static fromDouble(v: number): Dec | undefined {
    if (!Number.isFinite(v)) return undefined
    return Dec.parse(String(v))
  }

  private rescale(scale: number): bigint {
    return this.unscaled * 10n ** BigInt(scale - this.scale)
  }

  add(o: Dec): Dec {
    const s = Math.max(this.scale, o.scale)
    return new Dec(this.rescale(s) + o.rescale(s), s)
  }

  sub(o: Dec): Dec {
    const s = Math.max(this.scale, o.scale)
    return new Dec(this.rescale(s) - o.rescale(s), s)
  }

  mul(o: Dec): Dec {
    return new Dec(this.unscaled * o.unscaled, this.scale + o.scale)
  }

  // Base-10000 weight and leading base-10000 digit of a non-zero value (as the server's decimal
  // library stores numbers).
  private weightAndFirst(): { weight: number; first: number } {
    const digits = (this.unscaled < 0n ? -this.unscaled : this.unscaled).toString()
    const n = digits.length - this.scale
    const weight = Math.floor((n - 1) / 4)
    const c = n - 4 * weight
    return { weight, first: Number(digits.slice(0, c).padEnd(c, '0')) }
  }

  /** The result scale of a division (`select_div_scale`): at least 16 significant digits. */
  divScale(o: Dec): number {
    let qweight = 0
    let firstSmaller = true
    if (this.unscaled !== 0n && o.unscaled !== 0n) {
      const a = this.weightAndFirst()
      const b = o.weightAndFirst()
      qweight = a.weight - b.weight
      firstSmaller = a.first <= b.first
    } else if (this.unscaled === 0n && o.unscaled !== 0n) {
      const b = o.weightAndFirst()
      qweight = -b.weight
      firstSmaller = 0 <= b.first
    }
    if (firstSmaller) qweight--
    const rscale = Math.max(16 - qweight * 4, this.scale, o.scale, 0)
    return Math.min(rscale, 1000)
  }

  /** Division rounded half away from zero to `scale` digits (by default as the server picks). */
  div(o: Dec, scale = this.divScale(o)): Dec | undefined {
    if (o.unscaled === 0n) return undefined
    // (a/10^sa) / (b/10^sb) = a*10^(sb+scale-sa) / b, scaled by 10^scale
    const shift = o.scale + scale - this.scale
    let num = this.unscaled
    let den = o.unscaled
    if (shift >= 0) num *= 10n ** BigInt(shift)
    else den *= 10n ** BigInt(-shift)
    const neg = num < 0n !== den < 0n
    const an = num < 0n ? -num : num
    const ad = den < 0n ? -den : den
    let q = an / ad
    if ((an % ad) * 2n >= ad) q += 1n
    return new Dec(neg ? -q : q, scale)
  }

  /** Remainder of truncated division (sign of the dividend), undefined for a zero divisor. */
  mod(o: Dec): Dec | undefined {
    if (o.unscaled === 0n) return undefined
    const s = Math.max(this.scale, o.scale)
    return new Dec(this.rescale(s) % o.rescale(s), s)
  }

  cmp(o: Dec): number {
    const s = Math.max(this.scale, o.scale)
    const a = this.rescale(s)
    const b = o.rescale(s)
    return a < b ? -1 : a > b ? 1 : 0
  }

  isZero(): boolean {
    return this.unscaled === 0n
  }

  /** Truncates toward zero. */
  trunc(): bigint {
    const p = 10n ** BigInt(this.scale)
    return this.unscaled / p
  }

  toNumber(): number {
    return Number(this.toString())
  }

  toString(): string {
    const neg = this.unscaled < 0n
    let digits = (neg ? -this.unscaled : this.unscaled).toString()
    if (this.scale > 0) {
      digits = digits.padStart(this.scale + 1, '0')
      digits = `${digits.slice(0, digits.length - this.scale)}.${digits.slice(digits.length - this.scale)}`
    }
    return neg ? `-${digits}` : digits
  }
}
