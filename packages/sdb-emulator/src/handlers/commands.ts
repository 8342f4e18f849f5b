import { activeGroup } from './commands/active-group.js'
import { alterCollection } from './commands/alter-collection.js'
import { alterCollectionSpace } from './commands/alter-collection-space.js'
import { alterDomain } from './commands/alter-domain.js'
import { createCatalogGroup } from './commands/create-catalog-group.js'
import { createCollection } from './commands/create-collection.js'
import { createCollectionSpace } from './commands/create-collection-space.js'
import { createDomain } from './commands/create-domain.js'
import { createGroup } from './commands/create-group.js'
import { createIndex } from './commands/create-index.js'
import { createNode } from './commands/create-node.js'
import { dropCollection } from './commands/drop-collection.js'
import { dropCollectionSpace } from './commands/drop-collection-space.js'
import { dropDomain } from './commands/drop-domain.js'
import { dropIndex } from './commands/drop-index.js'
import { getCount } from './commands/get-count.js'
import { getIndexes } from './commands/get-indexes.js'
import { listCollectionSpaces } from './commands/list-collection-spaces.js'
import { listCollections } from './commands/list-collections.js'
import { listContexts } from './commands/list-contexts.js'
import { cancelTask, listTasks, split, waitTask } from './commands/split.js'
import { createProcedure, listProcedures, removeProcedure } from './commands/procedures.js'
import { listDomains } from './commands/list-domains.js'
import { listEmpty } from './commands/list-empty.js'
import { listGroups } from './commands/list-groups.js'
import { listLobs } from './commands/list-lobs.js'
import { listCollectionSpacesInDomain, listCollectionsInDomain, listCollectionsInSpace } from './commands/list-in-domain.js'
import { forceSession } from './commands/force-session.js'
import { noEffect } from './commands/no-effect.js'
import { listSessions } from './commands/list-sessions.js'
import { listUsers } from './commands/list-users.js'
import { reelect } from './commands/reelect.js'
import { removeGroup } from './commands/remove-group.js'
import { removeNode } from './commands/remove-node.js'
import { renameCollection } from './commands/rename-collection.js'
import { renameCollectionSpace } from './commands/rename-collection-space.js'
import { getSessionAttribute, setSessionAttribute } from './commands/session-attributes.js'
import { shutdownGroup } from './commands/shutdown-group.js'
import { shutdownNode } from './commands/shutdown-node.js'
import { snapshotCatalog } from './commands/snapshot-catalog.js'
import { snapshotCollectionSpaces } from './commands/snapshot-collection-spaces.js'
import { snapshotCollections } from './commands/snapshot-collections.js'
import { snapshotConfigs } from './commands/snapshot-configs.js'
import { snapshotDatabase } from './commands/snapshot-database.js'
import { snapshotHealth } from './commands/snapshot-health.js'
import { snapshotReset } from './commands/snapshot-reset.js'
import { snapshotSessions } from './commands/snapshot-sessions.js'
import { snapshotSystem } from './commands/snapshot-system.js'
import { startupNode } from './commands/startup-node.js'
import { testCollection } from './commands/test-collection.js'
import { testCollectionSpace } from './commands/test-collection-space.js'
import { truncate } from './commands/truncate.js'
import type { CommandHandler } from './types.js'

/** A command entry: its handler and whether only a coordinator runs it (`_rtnCoordOnly`). */
export interface CommandEntry {
  readonly handler: CommandHandler
  readonly coordOnly: boolean
  /** Runs on data/catalog nodes too (lists and snapshots of the node itself, session commands). */
  readonly anyNode: boolean
}

const coord = (handler: CommandHandler): CommandEntry => ({ handler, coordOnly: true, anyNode: false })
const any = (handler: CommandHandler): CommandEntry => ({ handler, coordOnly: false, anyNode: true })
const ddl = (handler: CommandHandler): CommandEntry => ({ handler, coordOnly: false, anyNode: false })

/** Every command the emulator implements, by its string after `$` (contract §10). */
export const COMMANDS: ReadonlyMap<string, CommandEntry> = new Map<string, CommandEntry>([
  ['create collectionspace', ddl(createCollectionSpace)],
  ['drop collectionspace', ddl(dropCollectionSpace)],
  ['test collectionspace', any(testCollectionSpace)],
  ['rename collectionspace', ddl(renameCollectionSpace)],
  ['alter collectionspace', ddl(alterCollectionSpace)],
  ['create collection', ddl(createCollection)],
  ['drop collection', ddl(dropCollection)],
  ['test collection', any(testCollection)],
  ['rename collection', ddl(renameCollection)],
  ['alter collection', ddl(alterCollection)],
  ['truncate', ddl(truncate)],
  ['create index', ddl(createIndex)],
  ['drop index', ddl(dropIndex)],
  ['get indexes', any(getIndexes)],
  ['list indexes', any(getIndexes)],
  ['get count', any(getCount)],
  ['list lobs', any(listLobs)],
  ['list collectionspaces', any(listCollectionSpaces)],
  ['list collections', any(listCollections)],
  ['list users', ddl(listUsers)],
  ['list domains', ddl(listDomains)],
  ['list collectionspaces in domain', ddl(listCollectionSpacesInDomain)],
  ['list collections in domain', ddl(listCollectionsInDomain)],
  ['list collections in collectionspace', any(listCollectionsInSpace)],
  ['force session', any(forceSession)],
  ['wait task', any(waitTask)],
  ['cancel task', coord(cancelTask)],
  ['split', coord(split)],
  ['sync db', any(noEffect)],
  ['analyze', any(noEffect)],
  ['invalidate cache', any(noEffect)],
  ['reload config', any(noEffect)],
  ['update config', any(noEffect)],
  ['delete config', any(noEffect)],
  ['export configuration', any(noEffect)],
  ['create domain', ddl(createDomain)],
  ['drop domain', ddl(dropDomain)],
  ['alter domain', ddl(alterDomain)],
  ['list groups', coord(listGroups)],
  ['create group', coord(createGroup)],
  ['create catalog group', coord(createCatalogGroup)],
  ['remove group', coord(removeGroup)],
  ['create node', coord(createNode)],
  ['remove node', coord(removeNode)],
  ['active group', coord(activeGroup)],
  ['shutdown group', coord(shutdownGroup)],
  ['startup node', coord(startupNode)],
  ['shutdown node', coord(shutdownNode)],
  ['reelect', coord(reelect)],
  ['list procedures', coord(listProcedures)],
  ['create procedure', coord(createProcedure)],
  ['remove procedure', coord(removeProcedure)],
  ['list sessions', any(listSessions(false))],
  ['list sessions current', any(listSessions(true))],
  ['list contexts', any(listContexts(false))],
  ['list contexts current', any(listContexts(true))],
  ['snapshot contexts', any(listContexts(false, true))],
  ['snapshot contexts current', any(listContexts(true, true))],
  ['snapshot sessions', any(snapshotSessions(false))],
  ['snapshot sessions current', any(snapshotSessions(true))],
  ['snapshot database', any(snapshotDatabase)],
  ['snapshot health', any(snapshotHealth)],
  ['snapshot system', any(snapshotSystem)],
  ['snapshot configs', any(snapshotConfigs)],
  ['snapshot collections', any(snapshotCollections)],
  ['snapshot collectionspaces', any(snapshotCollectionSpaces)],
  ['snapshot reset', any(snapshotReset)],
  ['snapshot catalog', ddl(snapshotCatalog)],
  ['set session attribute', any(setSessionAttribute)],
  ['get session attribute', any(getSessionAttribute)],
  ['list tasks', any(listTasks)],
  ['list transactions', any(listEmpty)],
  ['list transactions current', any(listEmpty)],
  ['list storageunits', any(listEmpty)],
  ['list backups', any(listEmpty)],
  ['list service tasks', any(listEmpty)],
  ['list sequences', any(listEmpty)],
  ['list datasources', any(listEmpty)],
  ['list recyclebin', any(listEmpty)],
  ['list group modes', any(listEmpty)],
  ['list roles', any(listEmpty)],
  ['snapshot transactions', any(listEmpty)],
  ['snapshot transactions current', any(listEmpty)],
  ['snapshot accessplans', any(listEmpty)],
  ['snapshot service tasks', any(listEmpty)],
  ['snapshot sequences', any(listEmpty)],
  ['snapshot queries', any(listEmpty)],
  ['snapshot latchwaits', any(listEmpty)],
  ['snapshot lockwaits', any(listEmpty)],
  ['snapshot index statistics', any(listEmpty)],
  ['snapshot tasks', any(listEmpty)],
  ['snapshot indexes', any(listEmpty)],
  ['snapshot waiting transactions', any(listEmpty)],
  ['snapshot transaction deadlocks', any(listEmpty)],
  ['snapshot recyclebin', any(listEmpty)],
])
