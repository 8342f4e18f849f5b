/**
 * Child process of the store-level crash test: opens a data node store in `argv[2]` and inserts
 * `argv[3]` documents one request at a time, printing each `_id` only after `insert` returned
 * (the moment the emulator would acknowledge the write to a client). The parent kills it with
 * SIGKILL part-way through.
 */
import { SqliteDataNodeStore } from '../src/storage/data-node.js'
import { idIndexDefinition } from '../src/storage/index-definition.js'

const [dataDir, countText] = process.argv.slice(2)
if (dataDir === undefined || countText === undefined) throw new Error('usage: crash-writer <dataDir> <count>')
const store = new SqliteDataNodeStore({ dataDir, nodeName: 'crash-node' })
store.createCollection('crash.docs', [idIndexDefinition(1n)])
const txn = store.beginTransaction()
store.insert('crash.docs', [{ _id: 'uncommitted' }], { txn })
process.stdout.write('ready\n')
for (let i = 0; i < Number(countText); i += 1) {
  store.insert('crash.docs', [{ _id: i, payload: 'x'.repeat(200), n: i }])
  // Pipes are written synchronously on Linux: the line is out before the next insert starts.
  process.stdout.write(`${String(i)}\n`)
}
process.stdout.write('done\n')
