import type { BsonDocument } from '@canopy/sdb-client/bson'
import { GroupRole, nodeName } from '../../cluster/cluster.js'
import { int32, int64 } from '../args.js'
import { listResult } from '../list-result.js'
import type { CommandHandler, HandlerEnv } from '../types.js'
import { sessionsByNode } from './list-sessions.js'

/**
 * The records of every session with open contexts. The session running this command is among
 * them with the context that carries this very reply: the server opens that (dump) context
 * before its fetcher copies the context lists (`_rtnMonInnerBase::doit`,
 * `_monContextFetcher::init`), so a session with no cursor of its own still lists one context.
 */
function contextRecords(env: HandlerEnv, current: boolean, detail: boolean): BsonDocument[] {
  return sessionsByNode(env, current).flatMap(({ node, sessions }) =>
    sessions
      .filter((s) => s.contexts.size > 0)
      .map((s) => {
        const ids = s.contexts.ids()
        // The context of this reply is the one the session opened last.
        const own = s === env.session ? ids[ids.length - 1] : undefined
        const head: BsonDocument = { NodeName: nodeName(node), SessionID: int64(s.id) }
        if (!detail) return { ...head, TotalCount: int32(ids.length), Contexts: ids.map((id) => int64(id)) }
        const kind = node.group.role === GroupRole.Coord ? 'COORD' : 'DATA'
        // `_monContextFetcher::_fetchNextDetail`; the emulator keeps no per-context read counters
        // or start times, so those fields are left out rather than reported as zero.
        return { ...head, Contexts: ids.map((id) => ({ ContextID: int64(id), Type: id === own ? 'DUMP' : kind, Description: id === own ? 'BufferSize:0' : '' })) }
      }),
  )
}

/**
 * `$list contexts` (`{NodeName, SessionID, TotalCount, Contexts: [ids]}`) and `$snapshot
 * contexts` (`Contexts: [{ContextID, Type, Description}]`), each also `current`. The records are
 * built when the reply context first reads them, so that context is listed too.
 */
export function listContexts(current: boolean, detail = false): CommandHandler {
  return (env, args) => {
    let records: Iterator<BsonDocument> | undefined
    const cursor: Iterator<BsonDocument> = {
      next: () => {
        if (records === undefined) {
          const listed = listResult(contextRecords(env, current, detail), args)
          const batches = listed.cursor !== undefined && 'batches' in listed.cursor ? listed.cursor.batches : []
          records = batches.flat()[Symbol.iterator]()
        }
        return records.next()
      },
    }
    return { cursor, skip: args.skip, limit: args.limit }
  }
}
