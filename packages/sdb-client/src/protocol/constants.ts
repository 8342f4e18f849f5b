/** Operation codes, flags and limits of the wire protocol (`msg.h`, `msgDef.h`). */

/** Request operation codes (`msg.h: MSG_TYPE`). A reply carries `opCode | 0x80000000`. */
export const OpCode = {
  MSG: 1000,
  UPDATE: 2001,
  INSERT: 2002,
  SQL: 2003,
  QUERY: 2004,
  GET_MORE: 2005,
  DELETE: 2006,
  KILL_CONTEXTS: 2007,
  DISCONNECT: 2008,
  INTERRUPT: 2009,
  TRANS_BEGIN: 2010,
  TRANS_COMMIT: 2011,
  TRANS_ROLLBACK: 2012,
  AGGREGATE: 2019,
  INTERRUPT_SELF: 2020,
  SEQUENCE_FETCH: 2022,
  ADVANCE: 2030,
  AUTH_VERIFY: 7000,
  AUTH_CREATE_USER: 7001,
  AUTH_DELETE_USER: 7002,
  AUTH_VERIFY1: 7003,
  LOB_OPEN: 8001,
  LOB_WRITE: 8002,
  LOB_READ: 8003,
  LOB_REMOVE: 8004,
  LOB_UPDATE: 8005,
  LOB_CLOSE: 8006,
  LOB_LOCK: 8007,
  LOB_TRUNCATE: 8008,
  LOB_CREATE_ID: 8009,
  LOB_GET_RT_DETAIL: 8010,
} as const
/** One of the request operation codes. */
export type OpCode = (typeof OpCode)[keyof typeof OpCode]

/** Bit 31 marks a reply (`msg.h: MAKE_REPLY_TYPE`). */
export const REPLY_MASK = 0x80000000

/** The reply opCode (as a signed int32, the way it sits on the wire) of a request opCode. */
export function replyOpCode(requestOpCode: number): number {
  return (requestOpCode | REPLY_MASK) | 0
}

/** The request opCode a reply opCode answers. */
export function requestOpCodeOf(replyOp: number): number {
  return replyOp & 0x7fffffff
}

/** True when the opCode has bit 31 set. */
export function isReplyOpCode(op: number): boolean {
  return op >>> 31 === 1
}

/** Header versions: V1 = 28-byte legacy header, V2 = 56-byte header of all v6 drivers. */
export const HeaderVersion = { V1: 1, V2: 2 } as const
/** 1 or 2. */
export type HeaderVersion = (typeof HeaderVersion)[keyof typeof HeaderVersion]

/** Header sizes and limits (`msg.h`, `msgDef.h: SDB_MAX_MSG_LENGTH`). */
export const Sizes = {
  HEADER_V1: 28,
  HEADER_V2: 56,
  REPLY_HEADER_V1: 48,
  REPLY_HEADER_V2: 84,
  SYS_INFO_REQUEST: 12,
  SYS_INFO_REPLY: 128,
  MAX_MESSAGE: 536870912,
} as const

/** V2 header flags (`msg.h: FLAG_RESULT_DETAIL`, `FLAG_PROCESS_DETAIL`). */
export const HeaderFlag = {
  RESULT_DETAIL: 0x0001,
  PROCESS_DETAIL: 0x0002,
} as const

/** Query flags (`msg.h: FLG_QUERY_*`). */
export const QueryFlag = {
  STRINGOUT: 0x00000001,
  SLAVEOK: 0x00000002,
  OPLOGREPLAY: 0x00000004,
  NOCONTEXTTIMEOUT: 0x00000008,
  AWAITDATA: 0x00000010,
  PARTIALREAD: 0x00000020,
  CREATE_WHEN_NOT_EXIST: 0x00000040,
  FORCE_HINT: 0x00000080,
  PARALLED: 0x00000100,
  WITH_RETURNDATA: 0x00000200,
  EXPLAIN: 0x00000400,
  PRIMARY: 0x00000800,
  MODIFY: 0x00001000,
  FORCE_IDX_BY_SORT: 0x00002000,
  PREPARE_MORE: 0x00004000,
  KEEP_SHARDINGKEY_IN_UPDATE: 0x00008000,
  FOR_UPDATE: 0x00010000,
  SECONDARY: 0x00020000,
  FOR_SHARE: 0x00040000,
  CLOSE_EOF_CTX: 0x00080000,
  FORCE_INDEX_SELECTOR: 0x00100000,
} as const

/** Insert flags (`msg.h: FLG_INSERT_*`). */
export const InsertFlag = {
  CONTONDUP: 0x00000001,
  RETURNNUM: 0x00000002,
  REPLACEONDUP: 0x00000004,
  UPDATEONDUP: 0x00000008,
  HAS_ID_FIELD: 0x00000010,
  CONTONDUP_ID: 0x00000020,
  REPLACEONDUP_ID: 0x00000040,
  RETURN_OID: 0x10000000,
  HASHINT: 0x80000000 | 0,
} as const

/** Update flags (`msg.h: FLG_UPDATE_*`). */
export const UpdateFlag = {
  UPSERT: 0x00000001,
  ONE: 0x00000002,
  RETURNNUM: 0x00000004,
  KEEP_SHARDINGKEY: 0x00008000,
} as const

/** Delete flags (`msg.h: FLG_DELETE_*`). */
export const DeleteFlag = {
  ONE: 0x00000002,
  RETURNNUM: 0x00000004,
} as const

/** LOB request flags (`msg.h: FLG_LOB*`). */
export const LobFlag = {
  READ_PRIMARY: 0x1,
  OPEN_WITH_RETURNDATA: 0x2,
  WRITE_OR_UPDATE: 0x4,
  READ_SECONDARY: 0x8,
} as const

/** LOB open modes (`msgDef.h: SDB_LOB_MODE`). */
export const LobMode = {
  CREATEONLY: 0x01,
  READ: 0x04,
  WRITE: 0x08,
  REMOVE: 0x10,
  TRUNCATE: 0x20,
  SHAREREAD: 0x40,
} as const

/** Reply `returnMask` values (`msg.h: SDB_REPLY_MASK_*`). */
export const ReplyMask = { NONE: 0, DATA: 1, RESULT: 2, PROCESS: 3 } as const

/** Well-known reply result codes a driver branches on. */
export const ReplyFlag = {
  OK: 0,
  END_OF_CURSOR: -29,
  UNKNOWN_MESSAGE: -100,
} as const
