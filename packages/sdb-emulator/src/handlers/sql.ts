import { Long } from '@canopy/sdb-client/bson'
import type { SqlRequest } from '@canopy/sdb-client/protocol'
import { compileCondition, parseSql } from '../engine/index.js'
import { scanMatching } from './data-query.js'
import { deleteMatching } from './delete.js'
import { insertDocuments, insertResultDoc } from './insert.js'
import { handleQuery } from './query.js'
import { handleTransBegin, handleTransCommit, handleTransRollback } from './transaction.js'
import { updateMatching } from './update.js'
import type { HandlerEnv, HandlerResult } from './types.js'

/**
 * SQL (2003): the engine parses the statement (never evaluates it); a select opens a context
 * read with getMore, insert/update/delete answer with their result object. DDL, lists and
 * transaction statements run as the command or message the server builds for them
 * (`qgmPlCommand.cpp`), so they answer exactly as that command does.
 */
export async function handleSql(env: HandlerEnv, req: SqlRequest): Promise<HandlerResult> {
  const plan = parseSql(req.sql)
  switch (plan.kind) {
    case 'select': {
      const info = env.router.collection(plan.collection)
      const matches = compileCondition(plan.condition)
      const docs = plan.finish([...scanMatching(env.router.readTargets(info, env.node), info.name, matches)])
      return { cursor: docs[Symbol.iterator](), deferred: true }
    }
    case 'insert':
      return { documents: [insertResultDoc(insertDocuments(env, plan.collection, plan.documents, 0))] }
    case 'update': {
      const c = updateMatching(env, plan.collection, plan.condition ?? {}, plan.rule)
      return {
        documents: [{ UpdatedNum: Long.fromNumber(c.updated), ModifiedNum: Long.fromNumber(c.modified), InsertedNum: Long.fromNumber(0) }],
      }
    }
    case 'delete':
      return { documents: [{ DeletedNum: Long.fromNumber(deleteMatching(env, plan.collection, plan.condition ?? {}, false)) }] }
    case 'command':
      return handleQuery(env, {
        kind: 'query',
        flags: 0,
        name: `$${plan.command}`,
        numToSkip: 0n,
        numToReturn: -1n,
        condition: plan.query,
        selector: {},
        orderBy: {},
        hint: {},
      })
    case 'transaction':
      if (plan.action === 'begin') return handleTransBegin(env)
      return plan.action === 'commit' ? handleTransCommit(env) : handleTransRollback(env)
  }
}
