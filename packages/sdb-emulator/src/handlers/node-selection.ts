import type { BsonDocument, BsonValue } from '@canopy/sdb-client/bson'
import { nodeName, type ClusterNode } from '../cluster/cluster.js'
import { SdbFault } from '../engine/fault.js'
import { isDocument, toNumber } from './args.js'
import type { QueryArgs } from './types.js'

/** Condition fields a coordinator reads as "which nodes", not as record filters (`coordCommon.cpp`). */
const SELECTION_FIELDS = ['GroupID', 'GroupName', 'Groups', 'NodeID', 'NodeName', 'HostName', 'ServiceName', 'svcname'] as const

function matchesValue(wanted: BsonValue, actual: string | number): boolean {
  if (Array.isArray(wanted)) return wanted.some((w) => matchesValue(w, actual))
  if (typeof actual === 'number') return toNumber(wanted) === actual
  return wanted === actual
}

/**
 * The `RawData` control field: `true`, `1`, `{$et: true}` or `{$et: 1}` (`coordParseBoolean`);
 * anything else is refused with SDB_INVALIDARG, as the coordinator parses it strictly.
 */
function rawDataValue(v: BsonValue): boolean {
  if (typeof v === 'boolean') return v
  const n = toNumber(v)
  if (n !== undefined) return Math.trunc(n) !== 0
  if (isDocument(v)) {
    const keys = Object.keys(v)
    const et = v.$et
    if (keys.length === 1 && et !== undefined && (typeof et === 'boolean' || toNumber(et) !== undefined)) return rawDataValue(et)
  }
  throw new SdbFault(-6, 'Field[RawData] is invalid')
}

/**
 * Splits a list/snapshot condition sent to a coordinator into the node selection (GroupName,
 * NodeName, ...), the `RawData` control field (any letter case, as `coordParseControlParam`
 * compares it; true asks for one record per node instead of the coordinator's aggregate) and
 * the record filter that remains. The control fields never reach the nodes as a filter.
 */
export function splitNodeSelection(args: QueryArgs): { args: QueryArgs; selects: (node: ClusterNode) => boolean; selective: boolean; rawData: boolean } {
  const rest: BsonDocument = {}
  const picks: [string, BsonValue][] = []
  let rawData = false
  for (const [k, v] of Object.entries(args.condition)) {
    if ((SELECTION_FIELDS as readonly string[]).includes(k)) picks.push([k, v])
    else if (k.toLowerCase() === 'rawdata') rawData = rawDataValue(v)
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
  return { args: { ...args, condition: rest }, selects, selective: picks.length > 0, rawData }
}
