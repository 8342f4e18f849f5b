/**
 * Authentication and user messages 7000..7003 (`msg.h: MsgAuthentication`, `common.c:
 * clientBuildAuthVer0Msg`, `clientBuildAuthVer1Step1Msg`, `clientBuildAuthCrtMsg`): the header
 * and exactly one BSON document. The C driver does not pad the message; Java and the legacy
 * Node driver do. Both are accepted and reproduced.
 */
import type { BsonDocument } from '../bson.js'
import type { ByteReader, ByteWriter } from './byte-io.js'
import { OpCode } from './constants.js'

/** The four auth opCodes. */
export type AuthOpCode =
  | typeof OpCode.AUTH_VERIFY
  | typeof OpCode.AUTH_CREATE_USER
  | typeof OpCode.AUTH_DELETE_USER
  | typeof OpCode.AUTH_VERIFY1

/** MD5 verify (7000), create user (7001), delete user (7002) or a SCRAM step (7003). */
export interface AuthRequest {
  readonly kind: 'auth'
  readonly opCode: AuthOpCode
  /** `{User, Passwd}`, `{Step, User, Nonce, Type}`, ... (contract §9). */
  readonly document: BsonDocument
  /** Pad the message to a multiple of 4 (Java/Node form); default false (C form). */
  readonly padded?: boolean | undefined
}

/** Internal helper of the protocol module. */
export function isAuthOpCode(op: number): op is AuthOpCode {
  return op >= OpCode.AUTH_VERIFY && op <= OpCode.AUTH_VERIFY1
}

/** Writes the auth body (internal to the protocol module; see the layout above). */
export function encodeAuthBody(w: ByteWriter, req: AuthRequest): void {
  w.document(req.document)
  if (req.padded === true) w.pad4()
}

/** Reads the auth body (internal to the protocol module; see the layout above). */
export function decodeAuthBody(r: ByteReader, opCode: AuthOpCode): AuthRequest {
  const document = r.document('auth document')
  const rest = r.remaining()
  if (rest > 3 || r.buf.subarray(r.pos, r.end).some((b) => b !== 0)) r.fail('bytes after the auth document')
  r.pos = r.end
  return { kind: 'auth', opCode, document, padded: rest > 0 }
}
