import type { KillContextsRequest } from '@canopy/sdb-client/protocol'
import type { HandlerEnv, HandlerResult } from './types.js'

/** KillContexts (2007): always succeeds; unknown ids and other sessions' ids are ignored. */
export function handleKillContexts(env: HandlerEnv, req: KillContextsRequest): HandlerResult {
  for (const id of req.contextIds) env.session.contexts.kill(BigInt(id))
  return {}
}
