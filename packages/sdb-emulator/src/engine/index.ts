/**
 * The emulator's data engine: pure functions over documents (no I/O). Storage and handlers
 * use these to answer queries, updates, aggregates and SQL as a real SequoiaDB v6 does.
 */
export { SdbFault } from './fault.js'
export { compareValues, compareDocs, compareArrays, compareStrings, valuesEqual, identical } from './compare.js'
export { compileCondition, compileRegex, impliedBounds, equalityFields } from './matcher.js'
export type { Predicate, FieldBounds } from './matcher.js'
export { compileSelector } from './selector.js'
export type { Projection } from './selector.js'
export { parseSort, sortDocuments, sortBy, sortKey, keysForPath, skipLimit } from './sort.js'
export type { SortField } from './sort.js'
export { compileUpdate, lexNumCompare } from './update.js'
export type { CompiledUpdate } from './update.js'
export { compileQuery, runQuery } from './query.js'
export type { QuerySpec, CompiledQuery } from './query.js'
export { compilePipeline, runPipeline } from './aggregate.js'
export { parseSql } from './sql.js'
export type { SqlPlan } from './sql.js'
export {
  parseIndexKey,
  encodeValue,
  encodeKey,
  indexKeys,
  indexKeyValues,
  indexValueDocument,
  prefixEnd,
  inRange,
} from './index-key.js'
export type { IndexKeyField, KeyRange } from './index-key.js'
export { chooseAccessPlan, executeQuery } from './planner.js'
export type { IndexDefinition, AccessPlan, RecordSource, PlannedQuerySpec, QueryExecution } from './planner.js'
export { getPath, projectPath, splitPath, candidates } from './path.js'
export { T as BsonTypeCode, typeCode, canonical, isDoc, keysOf, makeDoc, entriesOf, clone } from './values.js'
