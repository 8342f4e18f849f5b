import { nodeName } from '../../cluster/cluster.js'
import { int64 } from '../args.js'
import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'
import { sessionsByNode } from './list-sessions.js'

/** `$list contexts` / `$snapshot contexts` (and `current`): `{NodeName, SessionID, Contexts}`. */
export function listContexts(current: boolean): CommandHandler {
  return (env, args) =>
    listResult(
      sessionsByNode(env, current).flatMap(({ node, sessions }) =>
        sessions
          .filter((s) => s.contexts.size > 0)
          .map((s) => ({ NodeName: nodeName(node), SessionID: int64(s.id), Contexts: s.contexts.ids().map((id) => int64(id)) })),
      ),
      args,
    )
}
