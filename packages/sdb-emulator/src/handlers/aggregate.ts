import type { AggregateRequest } from '@canopy/sdb-client/protocol'
import { compilePipeline } from '../engine/index.js'
import { scanMatching } from './data-query.js'
import type { HandlerEnv, HandlerResult } from './types.js'

/**
 * Aggregate (2019): runs the pipeline over the collection gathered from every group. As on the
 * real server the reply only opens a context; the results come with getMore, then -29.
 */
export function handleAggregate(env: HandlerEnv, req: AggregateRequest): HandlerResult {
  const info = env.router.collection(req.name)
  const run = compilePipeline(req.pipeline)
  const docs = run(scanMatching(env.router.readTargets(info, env.node), info.name, () => true))
  return { cursor: docs[Symbol.iterator](), deferred: true }
}
