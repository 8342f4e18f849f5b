import { createHash } from 'node:crypto'
import type { BsonDocument } from '../bson.js'
import type { SdbReply, SdbRequest } from '../protocol/index.js'
import { CursorOperation, Operation, type SessionInfo } from './operation.js'
import {
  disconnectRequest,
  interruptRequest,
  sqlRequest,
  transBeginRequest,
  transCommitRequest,
  transRollbackRequest,
  userRequest,
} from './requests.js'

/** SQL `select` (`sdbExec`): the reply opens a context read through getMore. */
export class SqlQueryOperation extends CursorOperation {
  constructor(readonly sql: string) {
    super()
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    return sqlRequest(this.sql)
  }
}

/** SQL statement without records (`sdbExecUpdate`); some return a result document. */
export class SqlUpdateOperation extends Operation<BsonDocument | undefined> {
  constructor(readonly sql: string) {
    super()
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    return sqlRequest(this.sql)
  }

  handleReply(reply: SdbReply): BsonDocument | undefined {
    return reply.documents[0]
  }
}

/** Transaction begin (2010). */
export class TransactionBeginOperation extends Operation<void> {
  buildRequest(_session: SessionInfo): SdbRequest {
    return transBeginRequest()
  }

  handleReply(): void {
    return undefined
  }
}

/** Transaction commit (2011). */
export class TransactionCommitOperation extends Operation<void> {
  buildRequest(_session: SessionInfo): SdbRequest {
    return transCommitRequest()
  }

  handleReply(): void {
    return undefined
  }
}

/** Transaction rollback (2012). */
export class TransactionRollbackOperation extends Operation<void> {
  buildRequest(_session: SessionInfo): SdbRequest {
    return transRollbackRequest()
  }

  handleReply(): void {
    return undefined
  }
}

function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex')
}

/**
 * Create user (7001, `sdbCreateUsr`): `{User, Passwd: md5hex}`, plus `TextPasswd` when the server
 * announced SCRAM (authVersion >= 1), which it needs to derive the SCRAM keys.
 */
export class CreateUserOperation extends Operation<BsonDocument | undefined> {
  constructor(readonly user: string, readonly password: string, readonly options?: BsonDocument) {
    super()
  }

  buildRequest(session: SessionInfo): SdbRequest {
    const doc: BsonDocument = { User: this.user, Passwd: md5Hex(this.password) }
    if (session.authVersion >= 1) doc['TextPasswd'] = this.password
    if (this.options !== undefined) doc['Options'] = this.options
    return userRequest('createUser', doc)
  }

  handleReply(reply: SdbReply): BsonDocument | undefined {
    return reply.documents[0]
  }
}

/** Remove user (7002, `sdbRemoveUsr`): `{User, Passwd: md5hex}`. */
export class RemoveUserOperation extends Operation<void> {
  constructor(readonly user: string, readonly password: string) {
    super()
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    return userRequest('deleteUser', { User: this.user, Passwd: md5Hex(this.password) })
  }

  handleReply(): void {
    return undefined
  }
}

/** Interrupt (2009, `sdbCloseAllCursors`): the server drops every context of the session; no reply. */
export class InterruptOperation extends Operation<void> {
  override readonly expectsReply = false

  buildRequest(_session: SessionInfo): SdbRequest {
    return interruptRequest()
  }

  handleReply(): void {
    return undefined
  }
}

/** Disconnect (2008): header only, no reply. */
export class DisconnectOperation extends Operation<void> {
  override readonly expectsReply = false

  buildRequest(_session: SessionInfo): SdbRequest {
    return disconnectRequest()
  }

  handleReply(): void {
    return undefined
  }
}

