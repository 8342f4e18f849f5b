import { isDocument, optionalString, requirePort, requireString, toNumber } from '../args.js'
import type { CommandHandler } from '../types.js'

/**
 * `$create node` `{GroupName, HostName, svcname, dbpath, ...config}`: registers the node (it
 * binds to the emulator's host when started) and answers with its node document.
 */
export const createNode: CommandHandler = (env, args) => {
  const groupName = requireString(args.condition, 'GroupName')
  requireString(args.condition, 'HostName')
  requirePort(args.condition, 'svcname')
  optionalString(args.condition, 'dbpath')
  const { info } = env.cluster.createNode(groupName, args.condition)
  const members = env.catalog.getGroup(groupName)?.document.Group
  const nodeDoc = Array.isArray(members)
    ? members.find((n) => isDocument(n) && toNumber(n.NodeID) === info.nodeId)
    : undefined
  return { documents: isDocument(nodeDoc) ? [nodeDoc] : [] }
}
