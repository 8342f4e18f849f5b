/**
 * Password hashing of SequoiaDB authentication (contract §9; `utilAuthSCRAMSHA.cpp`,
 * `java/util/AuthAlgorithmSHA256.java`): MD5 hex for opCode 7000 and user management, and the
 * SCRAM-SHA256 computations of opCode 7003, for both the client and a server.
 */
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto'

/** `md5hex(password)`: 32 lowercase hex digits of MD5 over the UTF-8 bytes. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex')
}

/** Iteration count the server uses (`utilAuthSCRAMSHA.hpp`). */
export const SCRAM_ITERATIONS = 15000

/** A fresh nonce: base64 of 24 random bytes (32 characters), as the C++ driver makes it. */
export function scramNonce(): string {
  return randomBytes(24).toString('base64')
}

/** A fresh salt for a stored user: base64 of 28 random bytes (40 characters). */
export function scramSalt(): string {
  return randomBytes(28).toString('base64')
}

function hmac(key: Uint8Array, text: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(text).digest()
}

/** PBKDF2-HMAC-SHA256 of `md5hex(password)` with the salt (base64) and iteration count. */
export function scramSaltedPassword(passwordMd5Hex: string, saltBase64: string, iterations: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(Buffer.from(passwordMd5Hex, 'ascii'), Buffer.from(saltBase64, 'base64'), iterations, 32, 'sha256', (err, key) => {
      if (err === null) resolve(key)
      else reject(err)
    })
  })
}

/** The keys a server stores for a user, derived from the salted password. */
export interface ScramKeys {
  readonly clientKey: Buffer
  readonly storedKey: Buffer
  readonly serverKey: Buffer
}

/** `ClientKey`, `StoredKey = SHA256(ClientKey)` and `ServerKey`. */
export function scramKeys(saltedPassword: Uint8Array): ScramKeys {
  const clientKey = hmac(saltedPassword, 'Client Key')
  return {
    clientKey,
    storedKey: createHash('sha256').update(clientKey).digest(),
    serverKey: hmac(saltedPassword, 'Server Key'),
  }
}

/** The exact AuthMessage string both sides sign (contract §9.3 step 4). */
export function scramAuthMessage(p: {
  readonly user: string
  readonly combinedNonce: string
  readonly iterationCount: number
  readonly salt: string
  readonly identify: string
}): string {
  const n = p.combinedNonce
  return `User:${p.user},Nonce:${n.slice(0, 32)},IterationCount:${String(p.iterationCount)},Salt:${p.salt},Nonce:${n},Identify:${p.identify},Nonce:${n}`
}

/** `ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage)`, base64. */
export function scramClientProof(keys: ScramKeys, authMessage: string): string {
  const signature = hmac(keys.storedKey, authMessage)
  const proof = Buffer.alloc(32)
  for (let i = 0; i < 32; i++) proof[i] = (keys.clientKey[i] ?? 0) ^ (signature[i] ?? 0)
  return proof.toString('base64')
}

/** `ServerProof = HMAC(ServerKey, AuthMessage)`, base64. */
export function scramServerProof(serverKey: Uint8Array, authMessage: string): string {
  return hmac(serverKey, authMessage).toString('base64')
}

/**
 * Server side: true when the client's proof (base64) matches the stored key
 * (`SHA256(Proof XOR HMAC(StoredKey, AuthMessage)) == StoredKey`).
 */
export function scramVerifyClientProof(storedKey: Uint8Array, authMessage: string, proofBase64: string): boolean {
  const proof = Buffer.from(proofBase64, 'base64')
  if (proof.length !== 32 || storedKey.length !== 32) return false
  const signature = hmac(storedKey, authMessage)
  const clientKey = Buffer.alloc(32)
  for (let i = 0; i < 32; i++) clientKey[i] = (proof[i] ?? 0) ^ (signature[i] ?? 0)
  return timingSafeEqual(createHash('sha256').update(clientKey).digest(), storedKey)
}
