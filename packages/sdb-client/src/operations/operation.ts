import type { BsonDocument } from '../bson.js'
import type { SdbReply, SdbRequest } from '../protocol/index.js'

/** What an operation may read about the session it runs on. */
export interface SessionInfo {
  /** 0 = MD5, 1 = SCRAM-SHA256, from the system-info reply. */
  readonly authVersion: number
}

/**
 * One command: it builds its request and turns the reply into a result.
 *
 * `handleReply` only sees successful replies: the engine turns a non-zero reply flag into an
 * `SdbServerError` first.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- R is the result type each subclass fixes
export abstract class Operation<R> {
  /** False for messages the server never answers (disconnect, interrupt). */
  readonly expectsReply: boolean = true

  abstract buildRequest(session: SessionInfo): SdbRequest

  abstract handleReply(reply: SdbReply): R
}

/**
 * An operation whose reply opens a server context (query, list, snapshot, SQL select,
 * aggregate): its records are read through a cursor.
 */
export abstract class CursorOperation {
  abstract buildRequest(session: SessionInfo): SdbRequest

  /** Error flags that mean "no records" rather than failure (-29 on some replies). */
  readonly emptyOnEndOfCollection: boolean = true
}

/** The first document of a reply, or an empty one. */
export function firstDocument(reply: SdbReply): BsonDocument {
  return reply.documents[0] ?? {}
}
