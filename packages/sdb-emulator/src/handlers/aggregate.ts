import type { AggregateRequest } from '@canopy/sdb-client/protocol'
import { SdbFault } from '../engine/fault.js'
import type { HandlerEnv, HandlerResult } from './types.js'

/** Aggregate (2019): runs the pipeline over the collection; the result is read with getMore. */
export function handleAggregate(env: HandlerEnv, req: AggregateRequest): HandlerResult {
  env.router.collection(req.name)
  throw new SdbFault(-32, 'Aggregation is not available in this build of the emulator')
}
