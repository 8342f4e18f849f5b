import type { BsonDocument } from '@canopy/sdb-client/bson'
import { indexKeys, parseIndexKey, type IndexKeyField } from '../engine/index-key.js'
import type { IndexKeysOf } from './data-node.js'

/** Parsed key patterns, per pattern object (a loaded index keeps its pattern object for life). */
const parsed = new WeakMap<BsonDocument, IndexKeyField[]>()

/**
 * The engine's index key encoder (memcmp order = the server's value order, multikey arrays,
 * descending fields inverted), in the shape the data node store takes.
 */
export const engineIndexKeysOf: IndexKeysOf = (doc, keyPattern) => {
  let fields = parsed.get(keyPattern)
  if (fields === undefined) {
    fields = parseIndexKey(keyPattern)
    parsed.set(keyPattern, fields)
  }
  return indexKeys(doc, fields)
}
