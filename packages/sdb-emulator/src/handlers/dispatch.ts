import type { SdbRequest } from '@canopy/sdb-client/protocol'
import { SdbFault } from '../engine/fault.js'
import { handleAggregate } from './aggregate.js'
import { handleAuth } from './auth.js'
import { handleDelete } from './delete.js'
import { handleGetMore } from './get-more.js'
import { handleInsert } from './insert.js'
import { handleKillContexts } from './kill-contexts.js'
import { handleLob } from './lob.js'
import { handleQuery } from './query.js'
import { handleSql } from './sql.js'
import { handleTransBegin, handleTransCommit, handleTransRollback } from './transaction.js'
import type { HandlerEnv, HandlerResult } from './types.js'
import { handleUpdate } from './update.js'

/** Routes a decoded request to its opCode handler. */
export async function dispatch(env: HandlerEnv, req: SdbRequest): Promise<HandlerResult> {
  switch (req.kind) {
    case 'query':
      if (req.opCode === 2022) throw new SdbFault(-324, 'Sequence does not exist')
      return handleQuery(env, req)
    case 'insert':
      return handleInsert(env, req)
    case 'update':
      return handleUpdate(env, req)
    case 'delete':
      return handleDelete(env, req)
    case 'aggregate':
      return handleAggregate(env, req)
    case 'getMore':
      return handleGetMore(env, req)
    case 'killContexts':
      return handleKillContexts(env, req)
    case 'transBegin':
      return handleTransBegin(env)
    case 'transCommit':
      return handleTransCommit(env)
    case 'transRollback':
      return handleTransRollback(env)
    case 'sql':
      return handleSql(env, req)
    case 'auth':
      return handleAuth(env, req)
    case 'lob':
      return handleLob(env, req)
    case 'message':
      // A text message only goes to the server's diagnostic log.
      return {}
    case 'disconnect':
    case 'interrupt':
    case 'interruptSelf':
      return {}
    case 'unknown':
      throw new SdbFault(-100, `Unknown message opCode ${String(req.opCode)}`)
  }
}
