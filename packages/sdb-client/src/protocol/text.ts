/**
 * SQL 2003 and text message 1000 (`common.c: clientBuildSqlMsg`, `clientBuildTestMsg`): the
 * header, then UTF-8 text and one NUL; `messageLength = header + strlen + 1`, not padded.
 */
import type { ByteReader, ByteWriter } from './byte-io.js'

/** A SQL statement. */
export interface SqlRequest {
  readonly kind: 'sql'
  readonly sql: string
  /** Pad the message to a multiple of 4 (no official driver does). */
  readonly padded?: boolean | undefined
}

/** A text message written to the server log. */
export interface MessageRequest {
  readonly kind: 'message'
  readonly text: string
  readonly padded?: boolean | undefined
}

/** Writes the text body (internal to the protocol module; see the layout above). */
export function encodeTextBody(w: ByteWriter, text: string, padded: boolean | undefined): void {
  w.cstring(text, 'The text')
  if (padded === true) w.pad4()
}

/** Reads the text body (internal to the protocol module; see the layout above). */
export function decodeTextBody(r: ByteReader): { text: string; padded: boolean } {
  const text = r.text('text')
  const rest = r.remaining()
  if (rest > 3 || r.buf.subarray(r.pos, r.end).some((b) => b !== 0)) r.fail('bytes after the text')
  r.pos = r.end
  return { text, padded: rest > 0 }
}
