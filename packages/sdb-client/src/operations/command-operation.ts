import type { BsonDocument } from '../bson.js'
import type { SdbReply, SdbRequest } from '../protocol/index.js'
import { CursorOperation, Operation, type SessionInfo } from './operation.js'
import { commandQueryRequest, COMMAND_CURSOR_FLAGS } from './requests.js'

/** The four query documents and the numbers of a command (contract §10.1). */
export interface CommandSlots {
  readonly condition?: BsonDocument | undefined
  readonly selector?: BsonDocument | undefined
  readonly orderBy?: BsonDocument | undefined
  readonly hint?: BsonDocument | undefined
  readonly flags?: number | undefined
  readonly skip?: number | undefined
  readonly limit?: number | undefined
}

/**
 * A command without records (`_runCommand` of the C driver): flags 0, skip -1, limit -1 unless
 * the C driver sends other values for it (the wire vectors show which).
 */
export class CommandOperation<R = void> extends Operation<R> {
  constructor(
    readonly command: string,
    readonly slots: CommandSlots = {},
  ) {
    super()
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    return commandQueryRequest(this.command, {
      flags: 0,
      skip: -1,
      limit: -1,
      ...this.slots,
    })
  }

  handleReply(reply: SdbReply): R {
    return this.interpret(reply)
  }

  /** Turns the reply into the result; commands without a result return nothing. */
  protected interpret(_reply: SdbReply): R {
    return undefined as R
  }
}

/** A command that returns records through a cursor: flags WITH_RETURNDATA|CLOSE_EOF_CTX, skip 0. */
export class CommandCursorOperation extends CursorOperation {
  constructor(
    readonly command: string,
    readonly slots: CommandSlots = {},
  ) {
    super()
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    return commandQueryRequest(this.command, {
      flags: COMMAND_CURSOR_FLAGS,
      skip: 0,
      limit: -1,
      ...this.slots,
    })
  }
}
