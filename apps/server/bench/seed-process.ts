/**
 * Loads the bench's documents, in a short-lived process of its own: the server under test then
 * starts with a clean heap, as a console does in front of a cluster someone else filled. run.ts
 * forks it with the coordinator address and the document count, gets progress lines over IPC and
 * waits for it to exit.
 */
import { Client } from '@canopy/sdb-client'

const [coordAddress, docsArg] = process.argv.slice(2)
const DOCS = Number(docsArg)
const BATCH = 5000
const say = (line: string) => process.send?.({ line })

const client = await Client.connect({ hosts: [coordAddress ?? ''] })
const cl = await (await client.createCollectionSpace('bench')).createCollection('docs')
const started = Date.now()
for (let from = 0; from < DOCS; from += BATCH) {
  const batch = []
  for (let i = from; i < Math.min(DOCS, from + BATCH); i++) batch.push({ _id: i, name: `user${i}`, age: i % 97, city: ['Guangzhou', 'Shenzhen', 'Beijing', 'Shanghai'][i % 4] ?? '' })
  await cl.insert(batch)
  if ((from / BATCH) % 20 === 0) say(`  ${from + batch.length} / ${DOCS} (${Math.round((Date.now() - started) / 1000)} s)`)
}
await client.close()
say(`loaded in ${Math.round((Date.now() - started) / 1000)} s`)
process.disconnect()
