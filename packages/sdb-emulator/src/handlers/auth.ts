import { Int32, ObjectId, type BsonDocument } from '@canopy/sdb-client/bson'
import type { AuthRequest } from '@canopy/sdb-client/protocol'
import { GroupRole } from '../cluster/cluster.js'
import { SdbFault } from '../engine/fault.js'
import { serverNonce, verifyClientProof } from '../server/scram.js'
import { optionalString, requireString, toNumber } from './args.js'
import type { HandlerEnv, HandlerResult } from './types.js'

const forbidden = (): SdbFault => new SdbFault(-179, 'Username or passwd is wrong')

/** Whether authentication is required at all (no users = no authentication). */
function authRequired(env: HandlerEnv): boolean {
  return env.catalog.listUsers().length > 0
}

/** 7000: `{User, Passwd: md5hex}` against the user store; empty success when no user exists. */
function md5Verify(env: HandlerEnv, doc: BsonDocument): HandlerResult {
  if (!authRequired(env)) {
    env.session.user = ''
    return {}
  }
  const user = env.catalog.getUser(optionalString(doc, 'User') ?? '')
  if (user === undefined || user.passwd !== optionalString(doc, 'Passwd')) throw forbidden()
  env.session.user = user.user
  return {}
}

const STEP1_FIELDS = new Set(['Step', 'User', 'Nonce', 'Type'])

/** 7003: the two SCRAM-SHA256 round trips of contract §9.3. */
function scramStep(env: HandlerEnv, doc: BsonDocument): HandlerResult {
  const step = toNumber(doc.Step)
  if (step === 1) {
    for (const k of Object.keys(doc)) if (!STEP1_FIELDS.has(k)) throw new SdbFault(-6, `Unknown field ${k} in step 1`)
    if (!authRequired(env)) {
      env.session.user = ''
      // An empty success tells the client that no authentication is needed.
      return {}
    }
    const name = requireString(doc, 'User')
    const nonce = requireString(doc, 'Nonce')
    const user = env.catalog.getUser(name)
    if (user === undefined) throw forbidden()
    const combined = nonce + serverNonce()
    env.session.scram = { user: name, nonce: combined }
    return {
      documents: [
        {
          Step: new Int32(1),
          IterationCount: new Int32(user.scramSha256.iterationCount),
          Salt: user.scramSha256.salt,
          Nonce: combined,
        },
      ],
    }
  }
  if (step === 2) {
    const name = requireString(doc, 'User')
    const nonce = requireString(doc, 'Nonce')
    const pending = env.session.scram
    env.session.scram = undefined
    const user = env.catalog.getUser(name)
    if (user === undefined || pending === undefined || pending.user !== name || pending.nonce !== nonce) throw forbidden()
    const serverProof = verifyClientProof(user.scramSha256, {
      user: name,
      nonce,
      identify: optionalString(doc, 'Identify') ?? '',
      proof: requireString(doc, 'Proof'),
    })
    if (serverProof === undefined) throw forbidden()
    env.session.user = name
    return { documents: [{ _id: new ObjectId(), ...user.document, Step: new Int32(2), Proof: serverProof }] }
  }
  throw new SdbFault(-6, 'Step must be 1 or 2')
}

/**
 * Auth messages 7000..7003. Users exist only on a coordinator-managed cluster: other nodes
 * answer create/remove user with -159 (`_pmdDataProcessor`).
 */
export function handleAuth(env: HandlerEnv, req: AuthRequest): HandlerResult {
  const doc = req.document
  switch (req.opCode) {
    case 7000:
      return md5Verify(env, doc)
    case 7003:
      return scramStep(env, doc)
    case 7001: {
      if (env.node.group.role !== GroupRole.Coord) throw new SdbFault(-159)
      const options = doc.Options
      const user = env.catalog.createUser(
        requireString(doc, 'User'),
        requireString(doc, 'Passwd'),
        typeof options === 'object' && options !== null && !Array.isArray(options) ? (options as BsonDocument) : undefined,
      )
      return { documents: [user.document] }
    }
    case 7002:
      if (env.node.group.role !== GroupRole.Coord) throw new SdbFault(-159)
      env.catalog.removeUser(requireString(doc, 'User'), requireString(doc, 'Passwd'))
      return {}
  }
}
