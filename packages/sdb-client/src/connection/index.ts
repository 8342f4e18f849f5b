/** One connection to a SequoiaDB node, and the password hashing of its login. */
export { Connection } from './connection.js'
export type { ConnectOptions, RequestOptions } from './connection.js'
export {
  md5Hex,
  scramNonce,
  scramSalt,
  scramSaltedPassword,
  scramKeys,
  scramAuthMessage,
  scramClientProof,
  scramServerProof,
  scramVerifyClientProof,
  SCRAM_ITERATIONS,
} from './scram.js'
export type { ScramKeys } from './scram.js'
