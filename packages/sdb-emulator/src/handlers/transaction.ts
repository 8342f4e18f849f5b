import type { NodeStore } from '../cluster/data-router.js'
import { count } from './node-counters.js'
import type { HandlerEnv, HandlerResult } from './types.js'

/**
 * The transaction id a write on `target` belongs to, or undefined outside a transaction. A
 * transaction starts on a data node the first time the session writes there.
 */
export function transactionFor(env: HandlerEnv, target: NodeStore): number | undefined {
  const txn = env.session.transaction
  if (txn === undefined) return undefined
  let id = txn.get(target.node.nodeId)
  if (id === undefined) {
    id = target.store.beginTransaction()
    txn.set(target.node.nodeId, id)
  }
  return id
}

/** Begin (2010): opens a transaction; a second begin keeps the open one, as the server does. */
export function handleTransBegin(env: HandlerEnv): HandlerResult {
  env.session.transaction ??= new Map()
  return {}
}

/**
 * Commit (2011): commits on every node the session wrote to. Without a transaction it succeeds
 * and does nothing: the real coord and data node both skip the commit when the session has no
 * transaction (coordTransOperator / pmdProcessor), so clients see flags 0, not -196.
 */
export function handleTransCommit(env: HandlerEnv): HandlerResult {
  const txn = env.session.transaction
  if (txn === undefined) return {}
  env.session.transaction = undefined
  for (const [nodeId, id] of txn) env.router.openedStore(nodeId)?.commitTransaction(id)
  count(env.node, 'TotalTransCommit')
  return {}
}

/** Rollback (2012): undoes the session's writes since begin; nothing to undo is a success. */
export function handleTransRollback(env: HandlerEnv): HandlerResult {
  const txn = env.session.transaction
  if (txn === undefined) return {}
  env.session.transaction = undefined
  for (const [nodeId, id] of txn) {
    const node = env.cluster.allNodes().find((n) => n.nodeId === nodeId)
    env.router.openedStore(nodeId)?.rollbackTransaction(id)
    if (node !== undefined) env.router.afterWrite(node.group)
  }
  count(env.node, 'TotalTransRollback')
  return {}
}
