import type { BsonDocument } from '../bson.js'
import { SdbApiError } from '../errors.js'
import type { SdbReply } from '../protocol/index.js'
import { CommandOperation } from './command-operation.js'
import { firstDocument } from './operation.js'
import { COMMAND_CURSOR_FLAGS } from './requests.js'
import { SESSION_ATTRIBUTE_NAMES, toWire, type SessionAttributes } from './wire-options.js'

// msg.h PREFER_REPLICA_TYPE: positions 1..7, then master, slave, anyone.
const PREFERRED_BY_LETTER: Readonly<Record<string, number>> = { M: 8, S: 9, A: 10 }

/**
 * `$set session attribute` (`sdbSetSessionAttr`): skip 0. Like the C driver, a letter
 * `PreferredInstance` travels as its number and the original value is added as
 * `PreferedInstanceV1`.
 */
export class SetSessionAttributesOperation extends CommandOperation {
  constructor(attributes: SessionAttributes) {
    const wire = toWire(attributes, SESSION_ATTRIBUTE_NAMES)
    const out: BsonDocument = {}
    for (const [key, value] of Object.entries(wire)) {
      if (key.toLowerCase() === 'preferredinstance' || key.toLowerCase() === 'preferedinstance') {
        if (typeof value === 'string') {
          const letter = value.replace(/^-/, '').toUpperCase()
          const number = PREFERRED_BY_LETTER[letter]
          if (number === undefined) throw new SdbApiError(`preferredInstance must be "M", "S", "A" or a number, not ${JSON.stringify(value)}`)
          out[key] = number
        } else {
          out[key] = value
        }
        out['PreferedInstanceV1'] = value
      } else {
        out[key] = value
      }
    }
    super('set session attribute', { condition: out, skip: 0 })
  }
}

/** `$get session attribute`: one record with the attributes. */
export class GetSessionAttributesOperation extends CommandOperation<BsonDocument> {
  constructor() {
    super('get session attribute', { flags: COMMAND_CURSOR_FLAGS, skip: 0 })
  }

  protected override interpret(reply: SdbReply): BsonDocument {
    return firstDocument(reply)
  }
}

/**
 * `$force session` (`sdbForceSession`): ends another session. Q `{SessionID: int64, ...node
 * selection}` (`NodeName`, `GroupName`, ... pick the node when the id is a data node's).
 */
export class ForceSessionOperation extends CommandOperation {
  constructor(sessionId: number | bigint, nodeSelection: BsonDocument = {}) {
    if (typeof sessionId === 'number' && !Number.isSafeInteger(sessionId)) throw new SdbApiError('the session id must be an integer')
    super('force session', { condition: { SessionID: BigInt(sessionId), ...nodeSelection } })
  }
}
