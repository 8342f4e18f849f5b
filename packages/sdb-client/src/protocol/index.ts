/**
 * `@canopy/sdb-client/protocol`: SequoiaDB wire messages as pure byte codecs (no sockets, no
 * timers), for both header versions. The driver encodes requests and decodes replies; the
 * emulator does the opposite with the same functions.
 */
export {
  OpCode,
  REPLY_MASK,
  replyOpCode,
  requestOpCodeOf,
  isReplyOpCode,
  HeaderVersion,
  Sizes,
  HeaderFlag,
  QueryFlag,
  InsertFlag,
  UpdateFlag,
  DeleteFlag,
  LobFlag,
  LobMode,
  ReplyMask,
  ReplyFlag,
} from './constants.js'
export { align4 } from './byte-io.js'
export type { Int64Input } from './byte-io.js'
export { detectHeaderVersion, headerSize } from './header.js'
export type { MessageHeader, HeaderOptions } from './header.js'
export {
  encodeSysInfoRequest,
  decodeSysInfoRequest,
  encodeSysInfoReply,
  decodeSysInfoReply,
  isSysInfoMessage,
  SYS_INFO_EYE_CATCHER,
  SYS_INFO_EYE_CATCHER_REVERSED,
} from './sys-info.js'
export type { SysInfo, SysInfoReply, ByteOrder } from './sys-info.js'
export { encodeRequest, decodeRequest, requestOpCode, expectsReply } from './request.js'
export type { SdbRequest, SdbRequestMessage, UnknownRequest } from './request.js'
export type { QueryRequest } from './query.js'
export type { InsertRequest } from './insert.js'
export type { UpdateRequest } from './update.js'
export type { DeleteRequest } from './delete.js'
export type { AggregateRequest } from './aggregate.js'
export type { GetMoreRequest } from './get-more.js'
export type { KillContextsRequest } from './kill-contexts.js'
export type { DisconnectRequest, InterruptRequest, InterruptSelfRequest } from './control.js'
export type { TransBeginRequest, TransCommitRequest, TransRollbackRequest } from './transaction.js'
export type { SqlRequest, MessageRequest } from './text.js'
export type { AuthRequest, AuthOpCode } from './auth.js'
export type { LobRequest, LobOpCode, LobTuple } from './lob.js'
export { encodeReply, decodeReply } from './reply.js'
export type { SdbReply, SdbReplyInit, SdbReplyMessage } from './reply.js'
export { FrameDecoder } from './frame-decoder.js'
export type { Frame, FrameDecoderOptions } from './frame-decoder.js'
