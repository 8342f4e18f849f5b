/**
 * The {@link SdbPort} over `@canopy/sdb-client`: the one file that knows the driver's surface.
 */
import type { Readable } from 'node:stream'
import { Client, ObjectId } from '@canopy/sdb-client'
import type { BsonDocument, Cursor, ListType, SnapshotType } from '@canopy/sdb-client'
import type { CallOptions, ClusterConfig, CollectionPort, Doc, DocCursor, ListName, QueryOptions, SdbPort, SnapshotName } from './sdb-port.js'

const listTypes: Record<ListName, ListType> = {
  sessions: 'sessions',
  contexts: 'contexts',
  collections: 'collections',
  collectionspaces: 'collectionSpaces',
  groups: 'groups',
  transactions: 'transactions',
}

const snapshotTypes: Record<SnapshotName, SnapshotType> = {
  sessions: 'sessions',
  contexts: 'contexts',
  collections: 'collections',
  collectionspaces: 'collectionSpaces',
  health: 'health',
  database: 'database',
  system: 'system',
  transactions: 'transactions',
  catalog: 'catalog',
}

function call(o: CallOptions | undefined): { signal?: AbortSignal; timeoutMs?: number } {
  return { ...(o?.signal ? { signal: o.signal } : {}), ...(o?.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }) }
}

function monitoring(o: QueryOptions | undefined) {
  return {
    ...(o?.condition ? { condition: o.condition as BsonDocument } : {}),
    ...(o?.selector ? { selector: o.selector as BsonDocument } : {}),
    ...(o?.orderBy ? { orderBy: o.orderBy as BsonDocument } : {}),
    ...(o?.hint ? { hint: o.hint as BsonDocument } : {}),
  }
}

function wrap(cursor: Cursor): DocCursor {
  return {
    close: () => cursor.close(),
    [Symbol.asyncIterator]: () => cursor[Symbol.asyncIterator]() as AsyncIterator<Doc>,
  }
}

function listCursor(docs: Doc[]): DocCursor {
  return {
    close: () => Promise.resolve(),
    [Symbol.asyncIterator]: () => {
      let i = 0
      return {
        next: (): Promise<IteratorResult<Doc, undefined>> => Promise.resolve(i < docs.length ? { value: docs[i++]!, done: false } : { value: undefined, done: true }),
      }
    },
  }
}

async function all(cursor: Cursor): Promise<Doc[]> {
  try {
    return (await cursor.toArray())
  } finally {
    await cursor.close()
  }
}

async function* bytes(stream: Readable): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk
  }
}

class DriverCollection implements CollectionPort {
  constructor(
    private readonly client: Client,
    private readonly fullName: string,
  ) {}

  get #cl() {
    return this.client.collection(this.fullName)
  }

  query(o: QueryOptions): Promise<DocCursor> {
    return Promise.resolve(
      wrap(
        this.#cl.query({
          ...monitoring(o),
          ...(o.skip === undefined ? {} : { skip: o.skip }),
          ...(o.limit === undefined ? {} : { limit: o.limit }),
          ...call(o),
        }),
      ),
    )
  }

  async count(o: { condition?: Doc | undefined; hint?: Doc | undefined } & CallOptions): Promise<bigint> {
    const n = await this.#cl.count(o.condition as BsonDocument | undefined, { ...(o.hint ? { hint: o.hint as BsonDocument } : {}), ...call(o) })
    return BigInt(n)
  }

  explain(o: QueryOptions & { detail?: boolean }): Promise<Doc[]> {
    return all(
      this.#cl.explain(
        { ...monitoring(o), ...(o.skip === undefined ? {} : { skip: o.skip }), ...(o.limit === undefined ? {} : { limit: o.limit }), ...call(o) },
        o.detail === true ? { Detail: true } : undefined,
      ),
    )
  }

  async insert(docs: Doc[], o: { continueOnDuplicate?: boolean } & CallOptions): Promise<{ ids: unknown[] }> {
    const r = await this.#cl.insert(docs as BsonDocument[], { ...(o.continueOnDuplicate === true ? { continueOnDuplicate: true } : {}), ...call(o) })
    return { ids: [...r.ids] }
  }

  async update(rule: Doc, o: { condition?: Doc | undefined; hint?: Doc | undefined } & CallOptions): Promise<{ updated: bigint; modified: bigint }> {
    // The server's own counts (FLG_UPDATE_RETURNNUM): one round trip, and ModifiedNum leaves out
    // records the rule did not change.
    const r = await this.#cl.update(rule as BsonDocument, { ...(o.condition ? { condition: o.condition as BsonDocument } : {}), ...(o.hint ? { hint: o.hint as BsonDocument } : {}), returnCounts: true, ...call(o) })
    const updated = BigInt(r.updatedNum ?? 0)
    return { updated, modified: BigInt(r.modifiedNum ?? r.updatedNum ?? 0) }
  }

  async delete(o: { condition?: Doc | undefined; hint?: Doc | undefined } & CallOptions): Promise<{ deleted: bigint }> {
    const r = await this.#cl.delete(o.condition as BsonDocument | undefined, { ...(o.hint ? { hint: o.hint as BsonDocument } : {}), returnCounts: true, ...call(o) })
    return { deleted: BigInt(r.deletedNum ?? 0) }
  }

  listIndexes(o?: CallOptions): Promise<Doc[]> {
    return all(this.#cl.listIndexes(call(o)))
  }

  async createIndex(name: string, key: Doc, o: { unique?: boolean; enforced?: boolean; notNull?: boolean; sortBufferSize?: number }): Promise<void> {
    await this.#cl.createIndex(name, key as BsonDocument, o)
  }

  async dropIndex(name: string): Promise<void> {
    await this.#cl.dropIndex(name)
  }

  listLobs(o?: CallOptions): Promise<Doc[]> {
    return all(this.#cl.listLobs(call(o)))
  }

  async putLob(data: Readable, o?: CallOptions): Promise<{ oid: string; size: bigint }> {
    let size = 0n
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of bytes(data)) {
        size += BigInt(chunk.length)
        yield chunk
      }
    }
    const id = await this.#cl.putLob(counted(), undefined, call(o))
    return { oid: id.toHexString(), size }
  }

  async getLob(oid: string, o?: CallOptions): Promise<{ size: bigint; stream: Readable }> {
    const lob = await this.#cl.openLob(ObjectId.createFromHexString(oid), call(o))
    return { size: BigInt(lob.size), stream: lob.createReadStream() }
  }

  async removeLob(oid: string): Promise<void> {
    await this.#cl.removeLob(oid)
  }

  async truncate(): Promise<void> {
    await this.#cl.truncate()
  }
}

/** The port of one cluster over a driver {@link Client}. */
export class DriverPort implements SdbPort {
  constructor(private readonly client: Client) {}

  async ping(o?: CallOptions): Promise<void> {
    await all(this.client.list('collectionSpaces', { condition: { Name: '$canopy-ping' } }, call(o)))
  }

  snapshot(name: SnapshotName, o?: QueryOptions): Promise<Doc[]> {
    return all(this.client.snapshot(snapshotTypes[name], monitoring(o), call(o)))
  }

  list(name: ListName, o?: QueryOptions): Promise<Doc[]> {
    return all(this.client.list(listTypes[name], monitoring(o), call(o)))
  }

  async resetSnapshot(): Promise<void> {
    await this.client.resetSnapshot()
  }

  async createGroup(name: string): Promise<void> {
    await this.client.createReplicaGroup(name)
  }

  async removeGroup(name: string): Promise<void> {
    await this.client.removeReplicaGroup(name)
  }

  async startGroup(name: string): Promise<void> {
    await (await this.client.getReplicaGroup(name)).start()
  }

  async stopGroup(name: string): Promise<void> {
    await (await this.client.getReplicaGroup(name)).stop()
  }

  async createNode(group: string, host: string, port: number, dbpath: string, config: Doc): Promise<void> {
    await (await this.client.getReplicaGroup(group)).createNode(host, port, dbpath, config as BsonDocument)
  }

  async removeNode(group: string, host: string, port: number): Promise<void> {
    await (await this.client.getReplicaGroup(group)).removeNode(host, port)
  }

  async startNode(group: string, host: string, port: number): Promise<void> {
    await (await (await this.client.getReplicaGroup(group)).getNode(host, port)).start()
  }

  async stopNode(group: string, host: string, port: number): Promise<void> {
    await (await (await this.client.getReplicaGroup(group)).getNode(host, port)).stop()
  }

  async createCollectionSpace(name: string, options: Doc): Promise<void> {
    await this.client.createCollectionSpace(name, { extra: options as BsonDocument })
  }

  async dropCollectionSpace(name: string): Promise<void> {
    await this.client.dropCollectionSpace(name)
  }

  async createCollection(cs: string, name: string, options: Doc): Promise<void> {
    // Options go in wire spelling, exactly as the API received them.
    await this.client.collectionSpace(cs).createCollection(name, { extra: options as BsonDocument })
  }

  async dropCollection(cs: string, name: string): Promise<void> {
    await this.client.collectionSpace(cs).dropCollection(name)
  }

  async renameCollection(cs: string, from: string, to: string): Promise<void> {
    await this.client.collectionSpace(cs).renameCollection(from, to)
  }

  collection(cs: string, name: string): CollectionPort {
    return new DriverCollection(this.client, `${cs}.${name}`)
  }

  async killSession(sessionId: bigint): Promise<void> {
    await this.client.forceSession(sessionId)
  }

  sql(text: string, o?: CallOptions): Promise<DocCursor> {
    if (/^\s*select\b/i.test(text) || /^\s*list\b/i.test(text)) return Promise.resolve(wrap(this.client.exec(text, call(o))))
    return this.client.execUpdate(text, call(o)).then((doc) => listCursor(doc === undefined ? [] : [doc as Doc]))
  }

  async close(): Promise<void> {
    await this.client.close()
  }
}

/** Opens a driver client on a configured cluster. */
export async function connectDriver(config: ClusterConfig): Promise<SdbPort> {
  const client = await Client.connect({
    hosts: [...config.hosts],
    user: config.user ?? '',
    password: config.password ?? '',
    connectTimeoutMs: 5000,
    hostRetryDelayMs: 1000,
    maxPoolSize: 20,
  })
  return new DriverPort(client)
}
