/**
 * `@canopy/sdb-client`: a TypeScript driver for SequoiaDB's binary protocol.
 *
 * Start with {@link Client.connect}; everything else hangs off the client.
 */
export { Client, type ClientOptions } from './api/client.js'
export { CollectionSpace } from './api/collection-space.js'
export { Collection, type InsertOneResult } from './api/collection.js'
export { ReplicaGroup } from './api/replica-group.js'
export { Node, type NodeInfo } from './api/node.js'
export { Domain } from './api/domain.js'
export { Lob, type LobSeekOrigin } from './api/lob.js'
export { Cursor, type CursorReadOptions } from './cursor/cursor.js'
export type { OperationOptions } from './operations/executor.js'
export {
  QueryFlags,
  type QueryOptions,
  type InsertOptions,
  type InsertResult,
  type UpdateOptions,
  type UpsertOptions,
  type DeleteOptions,
  type UpdateResult,
  type DeleteResult,
} from './operations/record-operations.js'
export type { IndexOptions } from './operations/index-operations.js'
export { ListType, SnapshotType, type MonitoringQuery } from './operations/monitoring-operations.js'
export type { CollectionOptions, CollectionSpaceOptions, DomainOptions, SessionAttributes } from './operations/wire-options.js'
export { parseHostAddress, formatHostAddress, type HostAddress } from './pool/host-address.js'
export {
  SdbError,
  SdbServerError,
  SdbNetworkError,
  SdbTimeoutError,
  SdbProtocolError,
  SdbApiError,
  ErrorCode,
  errorCodes,
  errorByCode,
  errorByName,
  type ErrorCodeInfo,
} from './errors.js'
export {
  md5Hex,
  scramSalt,
  scramSaltedPassword,
  scramKeys,
  scramAuthMessage,
  scramServerProof,
  scramVerifyClientProof,
  SCRAM_ITERATIONS,
  type ScramKeys,
} from './connection/index.js'
export {
  Binary,
  BSONRegExp,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  SdbDecimal,
  type BsonDocument,
  type BsonValue,
} from './bson.js'
