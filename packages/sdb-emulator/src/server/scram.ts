import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'

/** SCRAM-SHA256 constants of `utilAuthSCRAMSHA.hpp`. */
export const SCRAM_ITERATIONS = 15000
const NONCE_BYTES = 24

/** What the server keeps about a user for SCRAM (contract §9.3). */
export interface ScramCredentials {
  readonly iterationCount: number
  /** base64 */
  readonly salt: string
  /** base64 */
  readonly storedKey: string
  /** base64 */
  readonly serverKey: string
}

/** Fields of a step-2 request that enter the AuthMessage. */
export interface ScramStep2 {
  readonly user: string
  /** Combined nonce (client nonce + server nonce). */
  readonly nonce: string
  readonly identify: string
  /** base64 client proof. */
  readonly proof: string
}

/** A fresh server nonce: base64 of 24 random bytes (32 characters). */
export function serverNonce(): string {
  return randomBytes(NONCE_BYTES).toString('base64')
}

/**
 * The AuthMessage string both sides sign:
 * `User:u,Nonce:<client nonce>,IterationCount:n,Salt:s,Nonce:<combined>,Identify:i,Nonce:<combined>`.
 */
export function authMessage(creds: ScramCredentials, step2: ScramStep2): string {
  const clientNonce = step2.nonce.slice(0, 32)
  return (
    `User:${step2.user},Nonce:${clientNonce},IterationCount:${creds.iterationCount},Salt:${creds.salt},` +
    `Nonce:${step2.nonce},Identify:${step2.identify},Nonce:${step2.nonce}`
  )
}

/**
 * Verifies a client proof against stored keys: ClientKey' = Proof XOR HMAC(StoredKey, AuthMessage),
 * accepted iff SHA256(ClientKey') = StoredKey. Returns the base64 server proof, or undefined.
 */
export function verifyClientProof(creds: ScramCredentials, step2: ScramStep2): string | undefined {
  const storedKey = Buffer.from(creds.storedKey, 'base64')
  const proof = Buffer.from(step2.proof, 'base64')
  if (proof.length !== storedKey.length || storedKey.length !== 32) return undefined
  const message = authMessage(creds, step2)
  const signature = createHmac('sha256', storedKey).update(message).digest()
  const clientKey = Buffer.alloc(32)
  for (let i = 0; i < 32; i += 1) clientKey[i] = proof[i]! ^ signature[i]!
  const check = createHash('sha256').update(clientKey).digest()
  if (!timingSafeEqual(check, storedKey)) return undefined
  return createHmac('sha256', Buffer.from(creds.serverKey, 'base64')).update(message).digest('base64')
}

/** Derives stored SCRAM keys from md5hex(password) (what user creation computes). */
export function deriveCredentials(md5hex: string, salt: Buffer = randomBytes(28), iterations = SCRAM_ITERATIONS): ScramCredentials {
  const salted = pbkdf2Sync(md5hex, salt, iterations, 32, 'sha256')
  const clientKey = createHmac('sha256', salted).update('Client Key').digest()
  const serverKey = createHmac('sha256', salted).update('Server Key').digest()
  return {
    iterationCount: iterations,
    salt: salt.toString('base64'),
    storedKey: createHash('sha256').update(clientKey).digest('base64'),
    serverKey: serverKey.toString('base64'),
  }
}

/** Client side of the proof (used by tests and by anyone checking the server). */
export function clientProof(md5hex: string, creds: Pick<ScramCredentials, 'iterationCount' | 'salt'>, step2: Omit<ScramStep2, 'proof'>): { proof: string; serverProof: string } {
  const salted = pbkdf2Sync(md5hex, Buffer.from(creds.salt, 'base64'), creds.iterationCount, 32, 'sha256')
  const clientKey = createHmac('sha256', salted).update('Client Key').digest()
  const serverKey = createHmac('sha256', salted).update('Server Key').digest()
  const storedKey = createHash('sha256').update(clientKey).digest()
  const message = authMessage({ ...creds, storedKey: '', serverKey: '' }, { ...step2, proof: '' })
  const signature = createHmac('sha256', storedKey).update(message).digest()
  const proof = Buffer.alloc(32)
  for (let i = 0; i < 32; i += 1) proof[i] = clientKey[i]! ^ signature[i]!
  return { proof: proof.toString('base64'), serverProof: createHmac('sha256', serverKey).update(message).digest('base64') }
}
