import { describe, expect, it } from 'vitest'
import { clientProof, deriveCredentials, verifyClientProof } from './scram.js'

// The test vector of contract §9.3 (admin/admin, salt 00..1b, fixed nonces, Java_Session).
const md5 = '21232f297a57a5a743894a0e4a801fc3'
const salt = Buffer.from(Array.from({ length: 28 }, (_, i) => i))
const combined = 'ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7yMnKy8zNzs/Q0dLT1NXW19jZ2tvc3d7f'

describe('SCRAM-SHA256 server side', () => {
  it('derives the stored keys of the contract test vector', () => {
    const creds = deriveCredentials(md5, salt)
    expect(creds.salt).toBe('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==')
    expect(creds.storedKey).toBe('j9yCCNd5orjc4Z3YL31c2+3CdMepbowlcF/CHjtPWlI=')
    expect(creds.serverKey).toBe('GCcT5Dvt24/Dbgv51sGQPD8lnQbdVH+lY6y7wWTGxxY=')
  })

  it('accepts the vector client proof and answers the vector server proof', () => {
    const creds = deriveCredentials(md5, salt)
    const serverProof = verifyClientProof(creds, {
      user: 'admin',
      nonce: combined,
      identify: 'Java_Session',
      proof: '0MIpVLmVgdLGfMdL68H8E1w8ZBEtIWaK6M91aHJ/aNI=',
    })
    expect(serverProof).toBe('vjxoFvR4KyK6WnuvDle0W5mUe8knvdyigKENUT7bvdk=')
  })

  it('refuses a proof made with the wrong password', () => {
    const creds = deriveCredentials(md5, salt)
    const wrong = clientProof('00000000000000000000000000000000', creds, { user: 'admin', nonce: combined, identify: 'C++_Session' })
    expect(verifyClientProof(creds, { user: 'admin', nonce: combined, identify: 'C++_Session', proof: wrong.proof })).toBeUndefined()
    const right = clientProof(md5, creds, { user: 'admin', nonce: combined, identify: 'C++_Session' })
    expect(verifyClientProof(creds, { user: 'admin', nonce: combined, identify: 'C++_Session', proof: right.proof })).toBe(right.serverProof)
  })
})
