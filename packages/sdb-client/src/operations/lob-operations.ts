import { Long, type ObjectId } from '../bson.js'
import type { SdbReply, SdbRequest } from '../protocol/index.js'
import { Operation, type SessionInfo } from './operation.js'
import { lobRemoveRequest, lobTruncateRequest } from './requests.js'

/** LOB remove (8004): meta `{Collection, Oid}`. */
export class RemoveLobOperation extends Operation<void> {
  constructor(readonly collection: string, readonly id: ObjectId) {
    super()
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    return lobRemoveRequest({ Collection: this.collection, Oid: this.id })
  }

  handleReply(_reply: SdbReply): void {
    return undefined
  }
}

/** LOB truncate (8008): meta `{Collection, Oid, Length: int64}`. */
export class TruncateLobOperation extends Operation<void> {
  constructor(readonly collection: string, readonly id: ObjectId, readonly length: number) {
    super()
  }

  buildRequest(_session: SessionInfo): SdbRequest {
    return lobTruncateRequest({ Collection: this.collection, Oid: this.id, Length: Long.fromNumber(this.length) })
  }

  handleReply(_reply: SdbReply): void {
    return undefined
  }
}
