import type { BsonDocument } from '../bson.js'
import { CommandCursorOperation, CommandOperation } from './command-operation.js'

/** Every list of contract §10.5, by name, with its command string. */
export const ListType = {
  contexts: 'list contexts',
  contextsCurrent: 'list contexts current',
  sessions: 'list sessions',
  sessionsCurrent: 'list sessions current',
  collections: 'list collections',
  collectionSpaces: 'list collectionspaces',
  storageUnits: 'list storageunits',
  groups: 'list groups',
  storeProcedures: 'list procedures',
  domains: 'list domains',
  tasks: 'list tasks',
  transactions: 'list transactions',
  transactionsCurrent: 'list transactions current',
  serviceTasks: 'list service tasks',
  sequences: 'list sequences',
  users: 'list users',
  backups: 'list backups',
  dataSources: 'list datasources',
  recycleBin: 'list recyclebin',
  groupModes: 'list group modes',
  collectionsInDomain: 'list collections in domain',
  collectionSpacesInDomain: 'list collectionspaces in domain',
  roles: 'list roles',
} as const

/** A list name: `'groups'`, `'collectionSpaces'`, ... */
export type ListType = keyof typeof ListType

/** Every snapshot of contract §10.5, by name, with its command string. */
export const SnapshotType = {
  contexts: 'snapshot contexts',
  contextsCurrent: 'snapshot contexts current',
  sessions: 'snapshot sessions',
  sessionsCurrent: 'snapshot sessions current',
  collections: 'snapshot collections',
  collectionSpaces: 'snapshot collectionspaces',
  database: 'snapshot database',
  system: 'snapshot system',
  catalog: 'snapshot catalog',
  transactions: 'snapshot transactions',
  transactionsCurrent: 'snapshot transactions current',
  accessPlans: 'snapshot accessplans',
  health: 'snapshot health',
  configs: 'snapshot configs',
  serviceTasks: 'snapshot service tasks',
  sequences: 'snapshot sequences',
  queries: 'snapshot queries',
  latchWaits: 'snapshot latchwaits',
  lockWaits: 'snapshot lockwaits',
  indexStatistics: 'snapshot index statistics',
  tasks: 'snapshot tasks',
  indexes: 'snapshot indexes',
  transactionWaits: 'snapshot waiting transactions',
  transactionDeadlocks: 'snapshot transaction deadlocks',
  recycleBin: 'snapshot recyclebin',
} as const

/** A snapshot name: `'database'`, `'health'`, ... */
export type SnapshotType = keyof typeof SnapshotType

/** Condition, selector, order, options and paging of a list or snapshot. */
export interface MonitoringQuery {
  readonly condition?: BsonDocument
  readonly selector?: BsonDocument
  readonly orderBy?: BsonDocument
  /** Command options (e.g. `{$Options: {mode: 'local'}}`). */
  readonly hint?: BsonDocument
  readonly skip?: number
  /** -1 = all. */
  readonly limit?: number
}

/** `$list <type>` (`sdbGetList`): flags WITH_RETURNDATA|CLOSE_EOF_CTX, skip 0, limit -1. */
export class ListOperation extends CommandCursorOperation {
  constructor(type: ListType, query: MonitoringQuery = {}) {
    super(ListType[type], query)
  }
}

/** `$list groups` (`sdbListReplicaGroups`): the group documents of contract §10.6.1. */
export class ListGroupsOperation extends ListOperation {
  constructor(query: MonitoringQuery = {}) {
    super('groups', query)
  }
}

/** `$snapshot <type>` (`sdbGetSnapshot1`). */
export class SnapshotOperation extends CommandCursorOperation {
  constructor(type: SnapshotType, query: MonitoringQuery = {}) {
    super(SnapshotType[type], query)
  }
}

/** `$snapshot reset` (`sdbResetSnapshot`): Q = options such as `{Type: "sessions"}`. */
export class ResetSnapshotOperation extends CommandOperation {
  constructor(options?: BsonDocument) {
    super('snapshot reset', { condition: options })
  }
}
