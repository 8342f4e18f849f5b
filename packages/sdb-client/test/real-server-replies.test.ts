// A scripted server answers with a real SequoiaDB v6.0 server's replies (the real-server-*
// exchange files); the client must decode each into the right result or SdbServerError.
import { afterAll, describe, expect, it } from 'vitest'
import { Client, ObjectId, SdbServerError, errorByCode, type Collection, type Lob } from '../src/index.js'
import { mapping as cDriverCalls, type Session, type Step, need } from './support/c-driver-calls.js'
import { echoRecorded, startScriptedServer, sysInfoReply, type ReceivedMessage, type ScriptAnswer, type ScriptedServer } from './support/scripted-server.js'
import { loadJson, type Exchange, type ExchangeOperation } from './support/vectors.js'

interface Expectation {
  /** The server's error, when the last reply of the operation carries one. */
  readonly error?: { code: number; description: string; detail: string }
  /** Records returned by every successful reply. */
  readonly records: number
  readonly replies: readonly Exchange[]
}

function expectationOf(op: ExchangeOperation): Expectation {
  const replies = op.exchanges.filter((e) => e.direction === 'reply' && e.opCode !== -1)
  const last = replies.at(-1)
  const lastFlags = typeof last?.decoded['flags'] === 'number' ? last.decoded['flags'] : 0
  let records = 0
  for (const reply of replies) {
    if (reply.decoded['flags'] === 0 && Array.isArray(reply.decoded['documents'])) records += reply.decoded['documents'].length
  }
  if (last !== undefined && lastFlags !== 0 && lastFlags !== -29) {
    const doc = (last.decoded['documents'] as Record<string, unknown>[])[0] ?? {}
    return { replies, records, error: { code: lastFlags, description: String(doc['description']), detail: String(doc['detail']) } }
  }
  return { replies, records }
}

/** A server that answers each request with the next recorded reply of the current operation. */
class ReplayScript {
  queue: Exchange[] = []
  setup = false
  headerLength: 56 | 28 = 56

  answer = (message: ReceivedMessage): ScriptAnswer => {
    if (message.opCode === -1) {
      // authVersion 0 (MD5) so that the recorded 7000 replies fit; a broken fingerprint makes
      // the client speak the old V1 framing, as the legacy driver of the V1 files did.
      return { kind: 'reply', bytes: sysInfoReply({ authVersion: 0, fingerprint: this.headerLength === 28 ? 'broken' : 'valid' }) }
    }
    if (message.opCode === 2008 || message.opCode === 2009) return { kind: 'none' }
    if (this.setup) return { kind: 'reply', bytes: this.#emptySuccess(message) }
    const next = this.queue.shift()
    if (next === undefined) return { kind: 'close' }
    return { kind: 'reply', bytes: echoRecorded(message, next.hex) }
  }

  #emptySuccess(message: ReceivedMessage): Buffer {
    const v1 = this.headerLength === 28
    const out = Buffer.alloc(v1 ? 48 : 84)
    out.writeInt32LE(out.length, 0)
    out.writeUInt32LE(message.tid, 8)
    out.writeBigUInt64LE(message.requestId, 20)
    out.writeInt32LE((message.opCode | 0x80000000) | 0, v1 ? 4 : 28)
    if (!v1) out.writeInt16LE(2, 32)
    out.writeBigInt64LE(-1n, v1 ? 28 : 56)
    return out
  }
}

function replayFile(file: string, calls: Record<string, { setup?: Step; run: Step }>, options: { v1?: boolean } = {}) {
  const operations = loadJson<ExchangeOperation[]>(file)
  const script = new ReplayScript()
  script.headerLength = options.v1 === true ? 28 : 56
  let server: ScriptedServer | undefined
  const session: Session = { address: '' }

  describe(file, () => {
    afterAll(async () => {
      for (const client of [session.first, session.db, session.db2]) await client?.close().catch(() => undefined)
      await server?.close()
    })

    for (const op of operations) {
      it(`${op.name}: decodes the real reply`, async () => {
        server ??= await startScriptedServer(script.answer, { headerLength: script.headerLength })
        session.address = server.address
        const call = calls[op.name]
        expect(call, `no TypeScript call mapped for ${op.name}`).toBeDefined()
        if (call === undefined) return
        const expectation = expectationOf(op)
        if (call.setup !== undefined) {
          script.setup = true
          await call.setup(session)
        }
        script.setup = false
        script.queue = [...expectation.replies]
        const run = call.run(session)
        if (expectation.error !== undefined) {
          const error: unknown = await run.then(() => undefined, (e: unknown) => e)
          expect(error).toBeInstanceOf(SdbServerError)
          const serverError = error as SdbServerError
          expect(serverError.code).toBe(expectation.error.code)
          expect(serverError.name).toBe(errorByCode(expectation.error.code)?.name)
          expect(serverError.description).toBe(expectation.error.description)
          expect(serverError.detail).toBe(expectation.error.detail)
          return
        }
        const result = await run
        expect(script.queue, 'every recorded reply was asked for').toEqual([])
        if (Array.isArray(result)) {
          expect(result).toHaveLength(expectation.records)
          // Field names and order of every record, and every string value, as the server sent them.
          const sent = expectation.replies
            .filter((r) => r.decoded['flags'] === 0)
            .flatMap((r) => r.decoded['documents'] as Record<string, unknown>[])
          result.forEach((record: Record<string, unknown>, i: number) => {
            expect(Object.keys(record)).toEqual(Object.keys(sent[i]!))
            for (const [key, value] of Object.entries(sent[i]!)) if (typeof value === 'string') expect(record[key]).toBe(value)
          })
        }
        if (typeof result === 'number' && op.name.includes('count')) {
          const docs = expectation.replies.flatMap((r) => r.decoded['documents'] as { Total?: { $numberLong: string } }[])
          const total = docs.find((d) => d.Total !== undefined)?.Total
          expect(total).toBeDefined()
          expect(result).toBe(Number(total?.$numberLong))
        }
        if (result !== null && typeof result === 'object' && 'insertedNum' in result) {
          const doc = (expectation.replies[0]?.decoded['documents'] as { InsertedNum?: { $numberLong: string } }[] | undefined)?.[0]
          if (doc?.InsertedNum !== undefined) expect(result.insertedNum).toBe(Number(doc.InsertedNum.$numberLong))
        }
      })
    }
  })
}

replayFile('real-server-standalone-exchanges.json', cDriverCalls)
replayFile('real-server-cluster-exchanges.json', {
  ...cDriverCalls,
  // The cluster run used host "vm" and scratch data paths for the node calls.
  create_node: { run: (s) => need(s.rg2, 'rg2').createNode('vm', 11850, '/opt/seqdb/cluster/run/wire/11850') },
  create_node_with_config: {
    run: (s) => need(s.rg2, 'rg2').createNode('vm', 11860, '/opt/seqdb/cluster/run/wire/11860', { logfilesz: 64, diaglevel: 3 }),
  },
  remove_node: { run: (s) => need(s.rg2, 'rg2').removeNode('vm', 11860) },
})

// ---- the legacy (V1) files: the same flows through our API ------------------------------------

interface LegacySession extends Session {
  bar?: Collection
  lob?: Lob
  lobId?: ObjectId
}

const v1Calls: Record<string, { run: (s: LegacySession) => Promise<unknown> }> = {
  connect: { run: async (s) => { s.db = await Client.connect({ hosts: [s.address] }) } },
  create_cs: { run: async (s) => { s.cs = await need(s.db, 'db').createCollectionSpace('wirev1cs') } },
  create_cl: { run: async (s) => { s.bar = await need(s.cs, 'cs').createCollection('bar') } },
  insert_one: { run: (s) => need(s.bar, 'bar').insert({ name: 'a', n: 1 }) },
  bulk_insert_4: { run: (s) => need(s.bar, 'bar').insert([{ n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }]) },
  query_all_cursor: { run: (s) => need(s.bar, 'bar').query().toArray() },
  update_set: { run: (s) => need(s.bar, 'bar').update({ $set: { flagged: true } }, { condition: { n: { $gt: 3 } } }) },
  delete_cond: { run: (s) => need(s.bar, 'bar').delete({ n: 2 }) },
  count_all: { run: (s) => need(s.bar, 'bar').count() },
  list_collectionspaces: { run: (s) => need(s.db, 'db').listCollectionSpaces().toArray() },
  drop_cs: { run: (s) => need(s.db, 'db').dropCollectionSpace(need(s.cs, 'cs').name) },
  disconnect: { run: (s) => need(s.db, 'db').close() },
}

const lobCalls: Record<string, { run: (s: LegacySession) => Promise<unknown> }> = {
  ...v1Calls,
  create_cs: { run: async (s) => { s.cs = await need(s.db, 'db').createCollectionSpace('wirev1lob') } },
  create_lob: { run: async (s) => { s.lob = await need(s.bar, 'bar').createLob(); s.lobId = s.lob.id } },
  write_1: { run: (s) => need(s.lob, 'lob').write(Buffer.alloc(100000, 1)) },
  write_2: { run: (s) => need(s.lob, 'lob').write(Buffer.alloc(120000, 2)) },
  write_3: { run: (s) => need(s.lob, 'lob').write(Buffer.alloc(80000, 3)) },
  close_write: {
    run: async (s) => {
      const lob = need(s.lob, 'lob')
      await lob.close()
      expect(lob.size).toBe(300000)
    },
  },
  open_lob_read: {
    run: async (s) => {
      s.lob = await need(s.bar, 'bar').openLob(need(s.lobId, 'lob id'))
      expect(s.lob.size).toBe(300000)
    },
  },
  read_1: { run: async (s) => { expect((await need(s.lob, 'lob').read(65536)).length).toBe(65536) } },
  read_2: { run: async (s) => { expect((await need(s.lob, 'lob').read(65536)).length).toBe(65536) } },
  seek_and_read: {
    run: async (s) => {
      const lob = need(s.lob, 'lob')
      lob.seek(250000)
      expect((await lob.read(50000)).length).toBe(50000)
    },
  },
  close_read: { run: (s) => need(s.lob, 'lob').close() },
  list_lobs: { run: (s) => need(s.bar, 'bar').listLobs().toArray() },
  remove_lob: { run: (s) => need(s.bar, 'bar').removeLob(need(s.lobId, 'lob id')) },
  open_missing_lob: { run: (s) => need(s.bar, 'bar').openLob(need(s.lobId, 'lob id')) },
}

replayFile('real-server-v1-exchanges.json', v1Calls, { v1: true })
replayFile('real-server-lob-exchanges.json', lobCalls, { v1: true })

// ---- SCRAM-SHA256 (real cluster, wrong password) ----------------------------------------------

describe('real-server-scram-exchanges.json', () => {
  const operations = loadJson<ExchangeOperation[]>('real-server-scram-exchanges.json')
  const wrong = operations.find((op) => op.name === 'connect_wrong_password')!
  const replies = wrong.exchanges.filter((e) => e.direction === 'reply')

  it('connect_wrong_password: the real -179 reply of SCRAM step 2 becomes SdbServerError', async () => {
    let step = 0
    const server = await startScriptedServer((message) => {
      if (message.opCode === -1) return { kind: 'reply', bytes: Buffer.from(replies[0]!.hex, 'hex') }
      if (message.opCode !== 7003) return { kind: 'none' }
      const recorded = echoRecorded(message, replies[++step]!.hex)
      if (step === 1) {
        // The server's nonce starts with the client's: put our client nonce where the recorded one was.
        const sent = message.bytes.toString('latin1')
        const ours = /Nonce\0.{4}([A-Za-z0-9+/=]{32})/s.exec(sent)?.[1]
        const theirs = (wrong.exchanges[2]!.decoded['body'] as { auth: { Nonce: string } }).auth.Nonce
        expect(ours).toBeDefined()
        recorded.write(ours!, recorded.indexOf(theirs, 84, 'latin1'), 'latin1')
      }
      return { kind: 'reply', bytes: recorded }
    })
    try {
      const error: unknown = await Client.connect({ hosts: [server.address], user: 'admin', password: 'wrongpass' }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(SdbServerError)
      expect(error).toMatchObject({ code: -179, name: 'SDB_AUTH_AUTHORITY_FORBIDDEN', description: 'Authority is forbidden', detail: 'Username or passwd is wrong' })
      expect(server.received.map((m) => m.opCode).slice(0, 3)).toEqual([-1, 7003, 7003])
    } finally {
      await server.close()
    }
  })
})
