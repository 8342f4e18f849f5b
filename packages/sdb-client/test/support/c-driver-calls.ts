// Each C call of the wire vectors and the TypeScript call that does the same. Shared by the
// byte replay (c-driver-replay.test.ts) and the real-reply replay (real-server-replies.test.ts).
import {
  Binary,
  BSONRegExp,
  Client,
  Long,
  ObjectId,
  QueryFlags,
  SdbDecimal,
  Timestamp,
  type Collection,
  type CollectionSpace,
  type Cursor,
  type Node,
  type ReplicaGroup,
} from '../../src/index.js'

/** Objects that later calls reuse, as the C program kept its handles. */
export interface Session {
  address: string
  first?: Client
  db?: Client
  db2?: Client
  cs?: CollectionSpace
  cl?: Collection
  cl3?: Collection
  cursor?: Cursor
  rg?: ReplicaGroup
  node?: Node
  rg2?: ReplicaGroup
}

export type Step = (s: Session) => Promise<unknown>
export interface Mapping {
  /** Calls made before the captured call, whose requests are not part of the vector. */
  readonly setup?: Step
  readonly run: Step
}

export const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`an earlier step did not create ${what}`)
  return value
}

/** Each C call of the vectors and the TypeScript call that does the same. */
export const mapping: Record<string, Mapping> = {
  connect_no_auth: { run: async (s) => { s.first = await Client.connect({ hosts: [s.address], user: '', password: '' }) } },
  disconnect: { run: (s) => need(s.first, 'the first client').close() },
  connect_auth_admin: { run: async (s) => { s.db = await Client.connect({ hosts: [s.address], user: 'admin', password: 'admin' }) } },
  create_cs_pagesize_16k: { run: async (s) => { s.cs = await need(s.db, 'db').createCollectionSpace('wirecs', { pageSize: 16384 }) } },
  create_cs_default_pagesize: { run: (s) => need(s.db, 'db').createCollectionSpace('wirecs_dflt', { pageSize: 0 }) },
  create_cs_v2_options: { run: (s) => need(s.db, 'db').createCollectionSpace('wirecs2', { pageSize: 4096, lobPageSize: 262144 }) },
  create_cl_plain: { run: async (s) => { s.cl = await need(s.cs, 'cs').createCollection('plain') } },
  create_cl_sharding_replsize: {
    run: (s) => need(s.cs, 'cs').createCollection('sharded', { shardingKey: { age: 1 }, shardingType: 'hash', partition: 1024, replSize: 1 }),
  },
  create_cl_replsize_compressed: {
    run: async (s) => { s.cl3 = await need(s.cs, 'cs').createCollection('repl', { replSize: -1, compressed: true, compressionType: 'lzw' }) },
  },
  connect_second_session: { run: async (s) => { s.db2 = await Client.connect({ hosts: [s.address], user: 'admin', password: 'admin' }) } },
  get_cs: { run: (s) => need(s.db2, 'db2').getCollectionSpace('wirecs') },
  get_cl: { run: (s) => need(s.db2, 'db2').getCollection('wirecs.plain') },
  insert_one_generated_id: { run: (s) => need(s.cl, 'cl').insert({ name: 'Alice', age: 30 }) },
  insert_one_explicit_id: { run: (s) => need(s.cl, 'cl').insert({ _id: 1, name: 'Bob', age: 25, tags: ['a', 'b'], addr: { city: 'SZ' } }) },
  insert_types: {
    run: (s) => need(s.cl, 'cl').insert({
      _id: 2,
      i32: 1,
      i64: Long.fromString('9007199254740993'),
      dbl: 1.5,
      b: true,
      n: null,
      d: new Date(Date.UTC(2024, 0, 2)),
      ts: new Timestamp({ t: Date.UTC(2024, 0, 2, 3, 4, 5) / 1000, i: 6 }),
      dec: SdbDecimal.fromString('123.45'),
      bin: new Binary(Buffer.from('hello'), 0),
      re: new BSONRegExp('^a', 'i'),
      oid: ObjectId.createFromHexString('0123456789abcdef01234567'),
    }),
  },
  bulk_insert_3: {
    run: (s) => need(s.cl, 'cl').insert([{ _id: 10, name: 'Carl', age: 41 }, { _id: 11, name: 'Dana', age: 19 }, { _id: 12, name: 'Erin', age: 33 }]),
  },
  bulk_insert_contondup: {
    run: (s) => need(s.cl, 'cl').insert([{ _id: 20, name: 'Finn', age: 50 }, { _id: 21, name: 'Gail', age: 51 }], { continueOnDuplicate: true }),
  },
  query_all: { run: async (s) => { s.cursor = need(s.cl, 'cl').query(); await s.cursor.next() } },
  get_more: { run: (s) => need(s.cursor, 'the cursor').toArray() },
  query_cond_sel_order_hint_skip_limit: {
    run: (s) => need(s.cl, 'cl').query({
      condition: { age: { $gt: 20 } },
      selector: { name: '', age: '' },
      orderBy: { age: -1 },
      hint: { '': 'idx_name_age' },
      skip: 1,
      limit: 2,
    }).toArray(),
  },
  query1_flags: {
    run: async (s) => {
      s.cursor = need(s.cl, 'cl').query({ condition: { name: 'Alice' }, skip: 0, limit: 1, flags: QueryFlags.forceHint })
      await s.cursor.open()
    },
  },
  close_cursor_kill_context: { run: (s) => need(s.cursor, 'the cursor').close() },
  query_and_update: { run: (s) => need(s.cl, 'cl').queryAndUpdate({ $inc: { age: 1 } }, { condition: { name: 'Alice' }, returnNew: true }).toArray() },
  update_set: { run: (s) => need(s.cl, 'cl').update({ $set: { age: 31 } }, { condition: { name: 'Alice' } }) },
  update_all_with_hint: { run: (s) => need(s.cl, 'cl').update({ $inc: { age: 1 }, $unset: { tags: '' } }, { hint: { '': '$id' } }) },
  upsert: { run: (s) => need(s.cl, 'cl').upsert({ $set: { age: 40 } }, { condition: { name: 'Hank' } }) },
  delete_cond: { run: (s) => need(s.cl, 'cl').delete({ name: 'Bob' }) },
  create_index: { run: (s) => need(s.cl, 'cl').createIndex('idx_name_age', { name: 1, age: -1 }, { unique: false, enforced: false }) },
  create_index_unique: { run: (s) => need(s.cl, 'cl').createIndex('idx_age_u', { age: 1 }, { unique: true, enforced: true }) },
  get_indexes: { run: (s) => need(s.cl, 'cl').listIndexes().toArray() },
  drop_index: { run: (s) => need(s.cl, 'cl').dropIndex('idx_name_age') },
  get_count: { run: (s) => need(s.cl, 'cl').count() },
  get_count_cond: { run: (s) => need(s.cl, 'cl').count({ age: { $gte: 30 } }) },
  list_collectionspaces: { run: (s) => need(s.db, 'db').listCollectionSpaces().toArray() },
  list_collections: { run: (s) => need(s.db, 'db').listCollections().toArray() },
  list_cs_collections: { run: (s) => need(s.cs, 'cs').listCollections().toArray() },
  list_groups: { run: (s) => need(s.db, 'db').listReplicaGroups().toArray() },
  list_groups_filtered: {
    run: (s) => need(s.db, 'db').list('groups', { condition: { GroupName: 'db1' }, selector: { GroupName: '', PrimaryNode: '' }, orderBy: { GroupID: 1 } }).toArray(),
  },
  list_sessions: { run: (s) => need(s.db, 'db').list('sessions').toArray() },
  snapshot_database: { run: (s) => need(s.db, 'db').snapshot('database').toArray() },
  snapshot_sessions: { run: (s) => need(s.db, 'db').snapshot('sessions').toArray() },
  snapshot_collections: { run: (s) => need(s.db, 'db').snapshot('collections', { condition: { Name: 'wirecs.plain' } }).toArray() },
  snapshot_health: { run: (s) => need(s.db, 'db').snapshot('health').toArray() },
  snapshot_system: { run: (s) => need(s.db, 'db').snapshot('system').toArray() },
  snapshot_collectionspaces: { run: (s) => need(s.db, 'db').snapshot('collectionSpaces').toArray() },
  snapshot_configs_with_hint: {
    run: (s) => need(s.db, 'db').snapshot('configs', { hint: { $Options: { mode: 'local' } }, skip: 0, limit: 10 }).toArray(),
  },
  reset_snapshot: { run: (s) => need(s.db, 'db').resetSnapshot() },
  get_replica_group: { run: async (s) => { s.rg = await need(s.db, 'db').getReplicaGroup('db1') } },
  get_node_master: { run: async (s) => { s.node = await need(s.rg, 'rg').getMaster() } },
  stop_node: { run: (s) => need(s.node, 'node').stop() },
  start_node: { run: (s) => need(s.node, 'node').start() },
  create_replica_group: { run: async (s) => { s.rg2 = await need(s.db, 'db').createReplicaGroup('wiregroup') } },
  create_node: { run: (s) => need(s.rg2, 'rg2').createNode('localhost', 11850, '/opt/sequoiadb/database/data/11850') },
  create_node_with_config: {
    run: (s) => need(s.rg2, 'rg2').createNode('localhost', 11860, '/opt/sequoiadb/database/data/11860', { logfilesz: 64, diaglevel: 3 }),
  },
  start_group: { run: (s) => need(s.rg2, 'rg2').start() },
  stop_group: { run: (s) => need(s.rg2, 'rg2').stop() },
  remove_node: { run: (s) => need(s.rg2, 'rg2').removeNode('localhost', 11860) },
  remove_replica_group: { run: (s) => need(s.db, 'db').removeReplicaGroup('wiregroup') },
  exec_sql_select: { run: (s) => need(s.db, 'db').exec('select * from wirecs.plain').toArray() },
  exec_sql_update: { run: (s) => need(s.db, 'db').execUpdate("insert into wirecs.plain(a, b) values(1, 'x')") },
  aggregate: { run: (s) => need(s.cl, 'cl').aggregate([{ $match: { age: { $gt: 1 } } }, { $project: { name: 1, age: 1 } }]).toArray() },
  transaction_begin: { run: (s) => need(s.db, 'db').transactionBegin() },
  transaction_commit: { run: (s) => need(s.db, 'db').transactionCommit() },
  transaction_rollback: { setup: (s) => need(s.db, 'db').transactionBegin(), run: (s) => need(s.db, 'db').transactionRollback() },
  set_session_attr: { run: (s) => need(s.db, 'db').setSessionAttributes({ preferredInstance: 'M' }) },
  get_session_attr: { run: (s) => need(s.db, 'db').getSessionAttributes() },
  create_user: { run: (s) => need(s.db, 'db').createUser('wireuser', 'wirepass') },
  remove_user: { run: (s) => need(s.db, 'db').removeUser('wireuser', 'wirepass') },
  alter_collection: { run: (s) => need(s.cl3, 'cl3').alter({ replSize: 0 }) },
  truncate_collection: { run: (s) => need(s.db, 'db').truncateCollection('wirecs.repl') },
  drop_cl: { run: (s) => need(s.cs, 'cs').dropCollection('sharded') },
  drop_cs: { run: (s) => need(s.db, 'db').dropCollectionSpace('wirecs') },
  interrupt_close_all_cursors: { run: (s) => need(s.db, 'db').closeAllCursors() },
  disconnect_final: { run: (s) => need(s.db, 'db').close() },
}

