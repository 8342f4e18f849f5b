import type { BsonDocument, BsonValue } from '@canopy/sdb-client/bson'
import { nodeName, type ClusterNode } from '../cluster/cluster.js'
import { toNumber } from './args.js'
import type { QueryArgs } from './types.js'

/** Condition fields a coordinator reads as "which nodes", not as record filters (`coordCommon.cpp`). */
const SELECTION_FIELDS = ['GroupID', 'GroupName', 'Groups', 'NodeID', 'NodeName', 'HostName', 'ServiceName', 'svcname'] as const

function matchesValue(wanted: BsonValue, actual: string | number): boolean {
  if (Array.isArray(wanted)) return wanted.some((w) => matchesValue(w, actual))
  if (typeof actual === 'number') return toNumber(wanted) === actual
  return wanted === actual
}

/**
 * Splits a list/snapshot condition sent to a coordinator into the node selection (GroupName,
 * NodeName, ...) and the record filter that remains.
 */
export function splitNodeSelection(args: QueryArgs): { args: QueryArgs; selects: (node: ClusterNode) => boolean; selective: boolean } {
  const rest: BsonDocument = {}
  const picks: [string, BsonValue][] = []
  for (const [k, v] of Object.entries(args.condition)) {
    if ((SELECTION_FIELDS as readonly string[]).includes(k)) picks.push([k, v])
    else rest[k] = v
  }
  const selects = (node: ClusterNode): boolean =>
    picks.every(([k, v]) => {
      switch (k) {
        case 'GroupID':
          return matchesValue(v, node.group.groupId)
        case 'GroupName':
        case 'Groups':
          return matchesValue(v, node.group.name)
        case 'NodeID':
          return matchesValue(v, node.nodeId)
        case 'NodeName':
          return matchesValue(v, nodeName(node))
        case 'HostName':
          return matchesValue(v, node.hostName)
        default:
          return matchesValue(v, String(node.port))
      }
    })
  return { args: { ...args, condition: rest }, selects, selective: picks.length > 0 }
}
