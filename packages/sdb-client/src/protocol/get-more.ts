/** GetMore, opCode 2005 (`msg.h: MsgOpGetMore`): i64 contextID, i32 numToReturn; 68 bytes in V2. */
import type { ByteReader, ByteWriter, Int64Input } from './byte-io.js'

/** Fetches the next batch of a server context. */
export interface GetMoreRequest {
  readonly kind: 'getMore'
  readonly contextId: Int64Input
  /** -1 lets the server choose the batch size (what the C and Java drivers send). */
  readonly numToReturn: number
}

/** Writes the get more body (internal to the protocol module; see the layout above). */
export function encodeGetMoreBody(w: ByteWriter, req: GetMoreRequest): void {
  w.i64(req.contextId, 'contextId')
  w.i32(req.numToReturn, 'numToReturn')
}

/** Reads the get more body (internal to the protocol module; see the layout above). */
export function decodeGetMoreBody(r: ByteReader): GetMoreRequest {
  const contextId = r.i64('contextID')
  const numToReturn = r.i32('numToReturn')
  if (r.remaining() > 0) r.fail('bytes after the getMore body')
  return { kind: 'getMore', contextId, numToReturn }
}
