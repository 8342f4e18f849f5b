// Loads the shared wire vectors (read-only files outside the repository).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const here = path.dirname(fileURLToPath(import.meta.url))
/** /work/shared/wire-vectors, found from this package (packages/sdb-client/test/support). */
export const VECTORS_DIR = process.env['CANOPY_WIRE_VECTORS'] ?? path.resolve(here, '../../../../../shared/wire-vectors')

export interface MaskRange {
  readonly offset: number
  readonly length: number
  readonly reason: string
}

export interface VectorRequest {
  readonly hex: string
  readonly opCode: number
  readonly note: string
  readonly connection: number
  readonly length: number
  readonly mask: readonly MaskRange[]
  readonly decoded: { readonly body?: Record<string, unknown> } & Record<string, unknown>
}

export interface CDriverVector {
  readonly name: string
  readonly api: string
  readonly requests: readonly VectorRequest[]
}

export interface Exchange {
  readonly direction: 'request' | 'reply'
  readonly opCode: number
  readonly flags?: number
  readonly hex: string
  readonly decoded: Record<string, unknown>
}

export interface ExchangeOperation {
  readonly name: string
  readonly api: string
  readonly exchanges: readonly Exchange[]
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the file's shape
export function loadJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(VECTORS_DIR, file), 'utf8')) as T
}

/** Compares two messages byte for byte outside the masked ranges; returns the differing offsets. */
export function maskedDiff(expected: Buffer, actual: Buffer, mask: readonly MaskRange[]): number[] {
  const masked = new Uint8Array(Math.max(expected.length, actual.length))
  for (const range of mask) masked.fill(1, range.offset, range.offset + range.length)
  const diffs: number[] = []
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (masked[i] === 1) continue
    if (expected[i] !== actual[i]) diffs.push(i)
  }
  return diffs
}
