import { SdbFault } from '../../engine/fault.js'
import { toNumber } from '../args.js'
import type { CommandHandler } from '../types.js'

/** `$force session` Q `{SessionID}`: ends another session (its contexts die with it); -62 if none. */
export const forceSession: CommandHandler = (env, args) => {
  const id = toNumber(args.condition.SessionID)
  if (id === undefined) throw new SdbFault(-6, 'SessionID is required')
  const target = env.sessions().find((s) => s.session.id === BigInt(id))
  if (target === undefined) throw new SdbFault(-62, `Session ${String(id)} does not exist`)
  // The session ends after this reply, even when it is the caller's own.
  setImmediate(() => target.session.terminate())
  return {}
}
