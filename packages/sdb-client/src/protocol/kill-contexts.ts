/**
 * Kill contexts, opCode 2007 (`msg.h: MsgOpKillContexts`): i32 ZERO, i32 numContexts,
 * i64 contextIDs; the length must be exactly header + 8 + 8n (`msgMessage.cpp: msgExtractKillContexts`).
 */
import type { ByteReader, ByteWriter, Int64Input } from './byte-io.js'

/** Closes server contexts (cursors closed before their end). */
export interface KillContextsRequest {
  readonly kind: 'killContexts'
  readonly contextIds: readonly Int64Input[]
}

/** Writes the kill contexts body (internal to the protocol module; see the layout above). */
export function encodeKillContextsBody(w: ByteWriter, req: KillContextsRequest): void {
  w.i32(0, 'ZERO')
  w.i32(req.contextIds.length, 'numContexts')
  for (const id of req.contextIds) w.i64(id, 'contextId')
}

/** Reads the kill contexts body (internal to the protocol module; see the layout above). */
export function decodeKillContextsBody(r: ByteReader): KillContextsRequest {
  r.i32('ZERO')
  const n = r.i32('numContexts')
  if (n < 0 || r.remaining() !== n * 8) r.fail(`numContexts ${String(n)} does not match the message length`)
  const contextIds: bigint[] = []
  for (let i = 0; i < n; i++) contextIds.push(r.i64('contextId'))
  return { kind: 'killContexts', contextIds }
}
