import type { BsonDocument } from '../bson.js'
import type { SdbReply } from '../protocol/index.js'
import { CommandCursorOperation, CommandOperation } from './command-operation.js'

/** `$list groups` filtered by name or id (`sdbGetReplicaGroup`, `sdbGetReplicaGroupById`). */
export class GetGroupOperation extends CommandCursorOperation {
  constructor(nameOrId: string | number) {
    super('list groups', { condition: typeof nameOrId === 'string' ? { GroupName: nameOrId } : { GroupID: nameOrId } })
  }
}

/** `$create group` (`sdbCreateReplicaGroup`); v6 answers with the new group document. */
export class CreateGroupOperation extends CommandOperation<BsonDocument | undefined> {
  constructor(name: string) {
    super('create group', { condition: { GroupName: name } })
  }

  protected override interpret(reply: SdbReply): BsonDocument | undefined {
    return reply.documents[0]
  }
}

/** `$remove group` (`sdbRemoveReplicaGroup`). */
export class RemoveGroupOperation extends CommandOperation {
  constructor(name: string) {
    super('remove group', { condition: { GroupName: name } })
  }
}

/** `$active group`: starts every node of a group (`sdbStartReplicaGroup`). */
export class StartGroupOperation extends CommandOperation {
  constructor(name: string) {
    super('active group', { condition: { GroupName: name } })
  }
}

/** `$shutdown group` (`sdbStopReplicaGroup`). */
export class StopGroupOperation extends CommandOperation {
  constructor(name: string) {
    super('shutdown group', { condition: { GroupName: name } })
  }
}

/** `$create catalog group` (`sdbCreateReplicaCataGroup`): Q `{HostName, svcname, dbpath, ...config}`. */
export class CreateCatalogGroupOperation extends CommandOperation {
  constructor(hostName: string, port: number, dbPath: string, config: BsonDocument = {}) {
    super('create catalog group', { condition: { HostName: hostName, svcname: String(port), dbpath: dbPath, ...config } })
  }
}

/** `$create node` (`sdbCreateNode`): Q `{GroupName, HostName, svcname, dbpath, ...config}`. */
export class CreateNodeOperation extends CommandOperation<BsonDocument | undefined> {
  constructor(group: string, hostName: string, port: number, dbPath: string, config: BsonDocument = {}) {
    super('create node', {
      condition: { GroupName: group, HostName: hostName, svcname: String(port), dbpath: dbPath, ...config },
    })
  }

  protected override interpret(reply: SdbReply): BsonDocument | undefined {
    return reply.documents[0]
  }
}

/** `$remove node` (`sdbRemoveNode`): Q `{GroupName, HostName, svcname, ...config}`. */
export class RemoveNodeOperation extends CommandOperation {
  constructor(group: string, hostName: string, port: number, config: BsonDocument = {}) {
    super('remove node', { condition: { GroupName: group, HostName: hostName, svcname: String(port), ...config } })
  }
}

/** `$startup node` (`sdbStartNode`): Q `{HostName, svcname}`. */
export class StartNodeOperation extends CommandOperation {
  constructor(hostName: string, port: number) {
    super('startup node', { condition: { HostName: hostName, svcname: String(port) } })
  }
}

/** `$shutdown node` (`sdbStopNode`): Q `{HostName, svcname}`. */
export class ShutdownNodeOperation extends CommandOperation {
  constructor(hostName: string, port: number) {
    super('shutdown node', { condition: { HostName: hostName, svcname: String(port) } })
  }
}

/** `$reelect`: Q `{GroupName, Seconds?, NodeID?}`. */
export class ReelectOperation extends CommandOperation {
  constructor(group: string, options: { seconds?: number; nodeId?: number } = {}) {
    const condition: BsonDocument = { GroupName: group }
    if (options.seconds !== undefined) condition['Seconds'] = options.seconds
    if (options.nodeId !== undefined) condition['NodeID'] = options.nodeId
    super('reelect', { condition })
  }
}
