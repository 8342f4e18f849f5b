import type { GetMoreRequest } from '@canopy/sdb-client/protocol'
import { SdbFault } from '../engine/fault.js'
import type { HandlerEnv, HandlerResult } from './types.js'

/**
 * GetMore (2005): the next batch of a context. An exhausted context answers -29 and is gone;
 * with CLOSE_EOF_CTX the batch that reaches the end carries contextID -1 instead. Unknown ids
 * get -36; any error closes the context.
 */
export function handleGetMore(env: HandlerEnv, req: GetMoreRequest): HandlerResult {
  const id = BigInt(req.contextId)
  const ctx = env.session.contexts.get(id)
  if (ctx === undefined) throw new SdbFault(-36, `Context ${String(id)} does not exist`)
  let batch
  try {
    batch = ctx.next(req.numToReturn)
  } catch (err) {
    env.session.contexts.kill(id)
    throw err
  }
  if (batch.records.length === 0) {
    env.session.contexts.kill(id)
    throw new SdbFault(-29)
  }
  const close = batch.done && ctx.closeOnEof
  if (close) env.session.contexts.kill(id)
  return { documents: batch.records, contextId: close ? -1n : id, startFrom: batch.startFrom }
}
