import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@canopy/sdb-client'
import { ObjectId, fromTypedJson, parseTypedJson, toTypedJson } from '@canopy/sdb-client/bson'
import type { BsonDocument } from '@canopy/sdb-client/bson'
import { del, post, put, startClusterTestEnv } from './cluster-test-env.js'
import type { ClusterTestEnv } from './cluster-test-env.js'

let env: ClusterTestEnv
const base = '/api/clusters/embedded/collection-spaces/docs/collections'
const docs = (cl: string) => `${base}/${cl}/documents`

beforeAll(async () => {
  env = await startClusterTestEnv()
  expect((await post(env.admin, '/api/clusters/embedded/collection-spaces', { name: 'docs' })).status).toBe(201)
  for (const name of ['types', 'pages', 'writes', 'io', 'fresh']) {
    expect((await post(env.admin, base, { name })).status).toBe(201)
  }
}, 120_000)
afterAll(async () => {
  await env.close()
})

// Every BSON type in the canonical typed JSON the API answers with.
const everyType = {
  _id: { $oid: '5f1d7a2b9c8e4d0012345678' },
  i32: { $numberInt: '-5' },
  i64: { $numberLong: '9007199254740993' },
  dbl: { $numberDouble: '1.5' },
  i64min: { $numberLong: '-9223372036854775808' },
  i64max: { $numberLong: '9223372036854775807' },
  nan: { $numberDouble: 'NaN' },
  inf: { $numberDouble: '-Infinity' },
  tiny: { $numberDouble: '5e-324' },
  dec: { $decimal: '12.345', $precision: [10, 3] },
  decFree: { $decimal: '-0.000000000000000000001' },
  str: 'héllo "world"',
  yes: true,
  nothing: null,
  date: { $date: 1577836800123 },
  ts: { $timestamp: { t: 1600000000, i: 123456 } },
  bin: { $binary: { base64: 'AQID/w==', subType: '00' } },
  re: { $regularExpression: { pattern: '^a.c', options: 'i' } },
  min: { $minKey: 1 },
  max: { $maxKey: 1 },
  arr: [{ $numberInt: '1' }, 'two', [{ $numberLong: '3' }], { x: null }],
  obj: { nested: { deep: { $numberDouble: '-0.25' } } },
}

describe('typed JSON round trip', () => {
  it('stores every BSON type through the API and returns it unchanged, through the API and the driver', async () => {
    const ins = await post(env.operator, docs('types'), { document: everyType })
    expect(ins.status).toBe(201)
    expect(ins.body).toEqual({ inserted: 1, ids: [{ $oid: '5f1d7a2b9c8e4d0012345678' }] })

    const q = await post(env.viewer, `${docs('types')}/query`, { condition: { _id: everyType._id } })
    expect(q.status).toBe(200)
    expect(q.body.documents).toEqual([everyType])
    expect(Object.keys(q.body.documents[0])).toEqual(Object.keys(everyType))

    const client = await Client.connect({ hosts: [env.emulator.coordAddress] })
    try {
      const viaDriver = await client.collection('docs.types').queryOne({ condition: { _id: ObjectId.createFromHexString('5f1d7a2b9c8e4d0012345678') } })
      expect(toTypedJson(viaDriver as BsonDocument)).toEqual(everyType)
    } finally {
      await client.close()
    }
  })

  it('answers documents with their exact field order, integer-like keys included', async () => {
    const client = await Client.connect({ hosts: [env.emulator.coordAddress] })
    try {
      await client.collection('docs.types').insert(fromTypedJson(parseTypedJson('{"_id":"order","x":{"$numberInt":"1"},"1":"one","a":{"y":true,"0":false}}')) as BsonDocument)
    } finally {
      await client.close()
    }
    const r = await post(env.viewer, `${docs('types')}/query`, { condition: { _id: 'order' } })
    expect(r.text).toContain('{"_id":"order","x":{"$numberInt":"1"},"1":"one","a":{"y":true,"0":false}}')
  })

  it('accepts the sdb shell forms and plain JSON numbers on input', async () => {
    const shell = {
      _id: 'shell',
      d: { $date: '2024-01-02' },
      l: { $numberLong: '5' },
      r: { $regex: '^x', $options: 'i' },
      b: { $binary: 'AQI=', $type: '0' },
      n: 7,
      f: 2.5,
    }
    expect((await post(env.operator, docs('types'), { document: shell })).status).toBe(201)
    const q = await post(env.viewer, `${docs('types')}/query`, { condition: { _id: 'shell' } })
    expect(q.body.documents[0]).toEqual({
      _id: 'shell',
      d: { $date: Date.UTC(2024, 0, 2) },
      l: { $numberLong: '5' },
      r: { $regularExpression: { pattern: '^x', options: 'i' } },
      b: { $binary: { base64: 'AQI=', subType: '00' } },
      n: { $numberInt: '7' },
      f: { $numberDouble: '2.5' },
    })
  })

  it('reads $regex inside a condition as the match operator', async () => {
    const q = await post(env.viewer, `${docs('types')}/query`, { condition: { str: { $regex: '^HÉ', $options: 'i' } }, selector: { str: { $include: 1 } } })
    expect(q.status).toBe(200)
    expect(q.body.documents).toEqual([{ str: 'héllo "world"' }])
  })

  it('refuses malformed typed JSON with a 400 naming the field', async () => {
    const r = await post(env.operator, docs('types'), { document: { a: { $numberInt: 'x' } } })
    expect(r.status).toBe(400)
    expect(r.body.code).toBe('VALIDATION_ERROR')
    expect(r.body.message).toMatch(/document/)
  })
})

describe('time limit', () => {
  it('answers 504 SDB_TIMEOUT when a query outlives its time limit', async () => {
    await post(env.admin, base, { name: 'slow' })
    const many = Array.from({ length: 3000 }, (_, i) => ({ s: `v${(i * 7919) % 3000}`, pad: 'x'.repeat(200) }))
    expect((await post(env.operator, docs('slow'), { documents: many })).status).toBe(201)
    const r = await post(env.viewer, `${docs('slow')}/query`, { orderBy: { s: 1 }, limit: 1000, timeoutMs: 1 })
    expect(r.status).toBe(504)
    expect(r.body.code).toBe('SDB_TIMEOUT')
    // The cluster stays usable afterwards.
    expect((await post(env.viewer, `${docs('slow')}/count`, {})).body).toEqual({ count: '3000' })
  })

  it('cancels a running export when the client goes away, and keeps serving', async () => {
    const server = env.app.app.listen(0)
    try {
      const { port } = server.address() as AddressInfo
      const cookie = (await env.viewer.agent.get('/api/auth/session')).request.cookies
      const got = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, method: 'POST', path: `${docs('slow')}/export?format=ndjson`, headers: { cookie, 'x-csrf-token': env.viewer.csrf, 'content-type': 'application/json' } },
          (res) => {
            let bytes = 0
            res.on('data', (d: Buffer) => {
              bytes += d.length
              req.destroy()
              resolve(bytes)
            })
          },
        )
        req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)))
        req.end('{}')
      })
      expect(got).toBeGreaterThan(0)
      const after = await post(env.viewer, `${docs('slow')}/query`, { limit: 5 })
      expect(after.status).toBe(200)
      expect(after.body.documents).toHaveLength(5)
    } finally {
      server.close()
    }
  })
})

describe('keyset paging', () => {
  beforeAll(async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ _id: { $numberInt: String(i) }, n: { $numberInt: String(i % 4) }, s: `s${i}` }))
    expect((await post(env.operator, docs('pages'), { documents: many })).status).toBe(201)
  })

  async function allPages(body: Record<string, unknown>, limit: number) {
    const seen: Record<string, unknown>[] = []
    let token: string | null | undefined
    let pages = 0
    do {
      const r = await post(env.viewer, `${docs('pages')}/query`, { ...body, limit, ...(token ? { pageToken: token } : {}) })
      expect(r.status).toBe(200)
      seen.push(...(r.body.documents as Record<string, unknown>[]))
      token = r.body.nextPageToken as string | null
      pages++
    } while (token && pages < 50)
    return { seen, pages }
  }

  it('walks every document exactly once in _id order', async () => {
    const { seen, pages } = await allPages({}, 7)
    expect(pages).toBe(4)
    expect(seen.map((d) => d._id)).toEqual(Array.from({ length: 25 }, (_, i) => ({ $numberInt: String(i) })))
  })

  it('skips before the first page, then continues from the token', async () => {
    const first = await post(env.viewer, `${docs('pages')}/query`, { skip: 5, limit: 7 })
    expect(first.body.documents.map((d: { _id: { $numberInt: string } }) => d._id.$numberInt)).toEqual(['5', '6', '7', '8', '9', '10', '11'])
    const next = await post(env.viewer, `${docs('pages')}/query`, { skip: 5, limit: 3, pageToken: first.body.nextPageToken })
    expect(next.body.documents.map((d: { _id: { $numberInt: string } }) => d._id.$numberInt)).toEqual(['12', '13', '14'])
  })

  it('pages a sort on a field with ties, descending, by (field, _id)', async () => {
    const { seen } = await allPages({ orderBy: { n: -1 } }, 4)
    const expected = Array.from({ length: 25 }, (_, i) => i).sort((a, b) => (b % 4) - (a % 4) || b - a)
    expect(seen.map((d) => Number((d._id as { $numberInt: string }).$numberInt))).toEqual(expected)
  })

  it('pages a field holding several types (missing, null, numbers, strings, dates, ...) like one big sort', async () => {
    await post(env.admin, base, { name: 'mixed' })
    const values: unknown[] = [undefined, null, 3, -1, 2.5, { $numberLong: '10' }, 'b', 'a', '', true, false, { $date: 0 }, { $date: 1e12 }, { $oid: 'a'.repeat(24) }, null, 3, 'a', undefined, { x: 1 }]
    const rows = values.map((v, i) => (v === undefined ? { _id: i } : { _id: i, v }))
    expect((await post(env.operator, docs('mixed'), { documents: rows })).status).toBe(201)
    for (const dir of [1, -1]) {
      const whole = await post(env.viewer, `${docs('mixed')}/query`, { orderBy: { v: dir, _id: dir }, limit: 1000 })
      const ids = (whole.body.documents as { _id: unknown }[]).map((d) => d._id)
      expect(ids).toHaveLength(values.length)
      const seen: unknown[] = []
      let token: string | null = null
      for (let i = 0; i < 20; i++) {
        const r = await post(env.viewer, `${docs('mixed')}/query`, { orderBy: { v: dir, _id: dir }, limit: 3, ...(token ? { pageToken: token } : {}) })
        seen.push(...(r.body.documents as { _id: unknown }[]).map((d) => d._id))
        token = r.body.nextPageToken as string | null
        if (!token) break
      }
      expect(seen).toEqual(ids)
    }
  })

  it('keeps an inclusion selector exact while paging on fields it leaves out', async () => {
    const { seen } = await allPages({ orderBy: { n: 1 }, selector: { s: { $include: 1 } } }, 6)
    expect(seen).toHaveLength(25)
    expect(seen.every((d) => Object.keys(d).join() === 's')).toBe(true)
    expect(new Set(seen.map((d) => d.s)).size).toBe(25)
  })

  it('pages by offset when the selector rewrites a sort field', async () => {
    const { seen } = await allPages({ selector: { _id: { $add: 100 } } }, 10)
    expect(seen.map((d) => d._id)).toEqual(Array.from({ length: 25 }, (_, i) => ({ $numberInt: String(i + 100) })))
  })

  it('never estimates fewer documents than the first page shows, even right after a write', async () => {
    const first = await post(env.viewer, `${docs('fresh')}/query`, { limit: 10 })
    expect(first.body.estimatedCount).toBe('0')
    expect((await post(env.operator, docs('fresh'), { documents: [{ a: 1 }, { a: 2 }, { a: 3 }] })).status).toBe(201)
    const whole = await post(env.viewer, `${docs('fresh')}/query`, { limit: 10 })
    expect(whole.body.documents).toHaveLength(3)
    expect(whole.body.estimatedCount).toBe('3')
    const part = await post(env.viewer, `${docs('fresh')}/query`, { limit: 2 })
    expect(BigInt(part.body.estimatedCount)).toBeGreaterThanOrEqual(3n)
    const beyond = await post(env.viewer, `${docs('fresh')}/query`, { limit: 2, skip: 10 })
    expect(beyond.body.documents).toHaveLength(0)
    expect(beyond.body.estimatedCount).toBe('3')
  })

  it('gives an estimated count on the first page and an exact one on demand', async () => {
    const r = await post(env.viewer, `${docs('pages')}/query`, { condition: { n: { $numberInt: '1' } }, limit: 2, exactCount: true })
    expect(r.body.estimatedCount).toBe('25')
    expect(r.body.exactCount).toBe('6')
    const c = await post(env.viewer, `${docs('pages')}/count`, { condition: { n: { $gte: 2 } } })
    expect(c.body).toEqual({ count: '12' })
  })

  it('refuses a token from another query', async () => {
    const first = await post(env.viewer, `${docs('pages')}/query`, { limit: 5 })
    const r = await post(env.viewer, `${docs('pages')}/query`, { limit: 5, orderBy: { n: 1 }, pageToken: first.body.nextPageToken })
    expect(r.status).toBe(400)
    expect(r.body.code).toBe('VALIDATION_ERROR')
  })

  it('explains the access plan', async () => {
    const r = await post(env.viewer, `${docs('pages')}/explain`, { condition: { n: { $numberInt: '1' } } })
    expect(r.status).toBe(200)
    expect(r.body.plans.length).toBeGreaterThan(0)
  })
})

describe('writes', () => {
  it('replaces by _id, keeps the _id, and records before and after', async () => {
    await post(env.operator, docs('writes'), { documents: [{ _id: { $numberLong: '7' }, a: 1, b: 'x' }] })
    const id = encodeURIComponent(JSON.stringify({ $numberLong: '7' }))
    const r = await put(env.operator, `${docs('writes')}/${id}`, { document: { c: true } })
    expect(r.status).toBe(200)
    expect(r.body.before).toEqual({ _id: { $numberLong: '7' }, a: { $numberInt: '1' }, b: 'x' })
    expect(r.body.after).toEqual({ _id: { $numberLong: '7' }, c: true })
    const rows = env.app.store.audit.list({ limit: 20 })
    const row = rows.find((x: { action: string }) => x.action === 'documents.replace') as { before: unknown; after: unknown } | undefined
    expect(row?.before).toEqual(r.body.before)
    expect(row?.after).toEqual(r.body.after)

    expect((await put(env.operator, `${docs('writes')}/${id}`, { document: { _id: 8 } })).status).toBe(400)
    expect((await put(env.operator, `${docs('writes')}/${encodeURIComponent('"missing"')}`, { document: {} })).status).toBe(404)
  })

  it('counts before an update or delete with dryRun, then applies it', async () => {
    await post(env.operator, docs('writes'), { documents: [{ k: 1 }, { k: 1 }, { k: 2 }] })
    expect((await post(env.operator, `${docs('writes')}/update`, { condition: { k: 1 }, rule: { $set: { seen: true } }, dryRun: true })).body).toEqual({ matched: '2' })
    expect((await post(env.viewer, `${docs('writes')}/count`, { condition: { seen: true } })).body).toEqual({ count: '0' })
    expect((await post(env.operator, `${docs('writes')}/update`, { condition: { k: 1 }, rule: { $set: { seen: true } } })).body).toEqual({ updated: '2', modified: '2' })
    expect((await post(env.viewer, `${docs('writes')}/count`, { condition: { seen: true } })).body).toEqual({ count: '2' })
    expect((await post(env.operator, `${docs('writes')}/delete`, { condition: { k: 2 }, dryRun: true })).body).toEqual({ matched: '1' })
    expect((await post(env.operator, `${docs('writes')}/delete`, { condition: { k: 2 } })).body).toEqual({ deleted: '1' })
    expect((await post(env.viewer, `${docs('writes')}/count`, { condition: { k: 2 } })).body).toEqual({ count: '0' })

    // The audit log keeps the documents before and after a write by condition.
    const rows = env.app.store.audit.list({ limit: 50 }) as { action: string; before: unknown; after: unknown; params: unknown }[]
    const upd = rows.find((r) => r.action === 'documents.update' && !(r.params as { dryRun: boolean }).dryRun)
    expect((upd?.before as { k: unknown; seen?: unknown }[]).map((d) => [d.k, d.seen])).toEqual([[{ $numberInt: '1' }, undefined], [{ $numberInt: '1' }, undefined]])
    expect((upd?.after as { seen?: unknown }[]).map((d) => d.seen)).toEqual([true, true])
    const dele = rows.find((r) => r.action === 'documents.delete' && !(r.params as { dryRun: boolean }).dryRun)
    expect((dele?.before as { k: unknown }[]).map((d) => d.k)).toEqual([{ $numberInt: '2' }])
  })

  it('reports the server\'s counts: records matched but left unchanged are not modified', async () => {
    await post(env.operator, docs('writes'), { documents: [{ r: 1, v: 'x' }, { r: 1, v: 'y' }] })
    expect((await post(env.operator, `${docs('writes')}/update`, { condition: { r: 1 }, rule: { $set: { v: 'x' } } })).body).toEqual({ updated: '2', modified: '1' })
    expect((await post(env.operator, `${docs('writes')}/update`, { condition: { r: 1 }, rule: { $set: { v: 'x' } } })).body).toEqual({ updated: '2', modified: '0' })
    expect((await post(env.operator, `${docs('writes')}/delete`, { condition: { r: 99 } })).body).toEqual({ deleted: '0' })
    expect((await post(env.operator, `${docs('writes')}/delete`, { condition: { r: 1 } })).body).toEqual({ deleted: '2' })
  })

  it('answers a duplicate key with 409 and its SDB name', async () => {
    await post(env.admin, `${base}/writes/indexes`, { name: 'k_unique', key: { uk: 1 }, unique: true })
    expect((await post(env.operator, docs('writes'), { document: { uk: 1 } })).status).toBe(201)
    const r = await post(env.operator, docs('writes'), { document: { uk: 1 } })
    expect(r.status).toBe(409)
    expect(r.body.code).toBe('SDB_IXM_DUP_KEY')
  })

  it('refuses writes to a viewer and unknown collections with 404', async () => {
    expect((await post(env.viewer, docs('writes'), { document: { a: 1 } })).status).toBe(403)
    const r = await post(env.viewer, `${docs('nope')}/query`, {})
    expect(r.status).toBe(404)
    expect(r.body.code).toBe('SDB_DMS_NOTEXIST')
    expect((await del(env.operator, `${base}/writes`)).status).toBe(403)
  })
})

describe('export and import', () => {
  beforeAll(async () => {
    await post(env.operator, docs('io'), {
      documents: [
        { _id: 1, name: 'a', n: { $numberLong: '9007199254740993' }, o: { x: 1 } },
        { _id: 2, name: 'b,"c"', n: 2, o: { x: 2 } },
      ],
    })
  })

  it('exports NDJSON, JSON and CSV', async () => {
    const nd = await post(env.viewer, `${docs('io')}/export?format=ndjson`, { orderBy: { _id: 1 } })
    expect(nd.status).toBe(200)
    expect(nd.headers['content-type']).toMatch(/ndjson/)
    const lines = nd.text.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines[0]).toEqual({ _id: { $numberInt: '1' }, name: 'a', n: { $numberLong: '9007199254740993' }, o: { x: { $numberInt: '1' } } })

    const js = await post(env.viewer, `${docs('io')}/export?format=json`, { orderBy: { _id: 1 } }).buffer(true).parse((res, cb) => {
      let text = ''
      res.on('data', (c: Buffer) => (text += c.toString()))
      res.on('end', () => cb(null, text))
    })
    expect(JSON.parse(js.body as string)).toHaveLength(2)

    const csv = await post(env.viewer, `${docs('io')}/export?format=csv`, { orderBy: { _id: 1 } })
    expect(csv.text).toBe('_id,name,n,o.x\r\n1,a,9007199254740993,1\r\n2,"b,""c""",2,2\r\n')
  })

  it('imports NDJSON and CSV with progress and a per-row error report', async () => {
    const nd = '{"_id":10,"v":1}\n{not json}\n{"_id":10,"v":2}\n{"_id":11,"v":{"$numberLong":"5"}}\n'
    const r = await post(env.operator, `${docs('io')}/import?format=ndjson`).set('content-type', 'application/x-ndjson').send(nd)
    expect(r.status).toBe(200)
    const events = r.text.trim().split('\n').map((l) => JSON.parse(l))
    expect(events.filter((e) => e.type === 'error').map((e) => [e.row, e.code])).toEqual([
      [2, 'VALIDATION_ERROR'],
      [3, 'SDB_IXM_DUP_KEY'],
    ])
    expect(events.at(-1)).toEqual({ type: 'done', rows: 4, inserted: 2, failed: 2 })

    const csv = '_id,name,addr.city,when\r\n20,"007",Paris,"x"\r\n21,plain,,{"$date":"2024-01-02"}\r\n22,short\r\n'
    const c = await post(env.operator, `${docs('io')}/import?format=csv`).set('content-type', 'text/csv').send(csv)
    const ce = c.text.trim().split('\n').map((l) => JSON.parse(l))
    expect(ce.at(-1)).toEqual({ type: 'done', rows: 3, inserted: 2, failed: 1 })
    const q = await post(env.viewer, `${docs('io')}/query`, { condition: { _id: { $in: [20, 21] } } })
    expect(q.body.documents).toEqual([
      { _id: { $numberInt: '20' }, name: '007', addr: { city: 'Paris' }, when: 'x' },
      { _id: { $numberInt: '21' }, name: 'plain', when: { $date: Date.UTC(2024, 0, 2) } },
    ])

    const missing = await post(env.operator, `${docs('nope')}/import?format=ndjson`).set('content-type', 'application/x-ndjson').send('{"a":1}\n')
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe('SDB_DMS_NOTEXIST')

    const arr = await post(env.operator, `${docs('io')}/import?format=json`).set('content-type', 'application/json').send('[{"_id":30},{"_id":31}]')
    expect(arr.text.trim().split('\n').map((l) => JSON.parse(l)).at(-1)).toEqual({ type: 'done', rows: 2, inserted: 2, failed: 0 })
  })
})

describe('audit of reads', () => {
  it('does not audit query pages, counts and explains (read-only POSTs), but audits a refused one', async () => {
    const rows = () => env.app.store.audit.list({ limit: 1000 }).filter((a) => ['documents.query', 'documents.count', 'documents.explain'].includes(a.action))
    const before = rows().length
    expect((await post(env.viewer, `${docs('pages')}/query`, { limit: 5 })).status).toBe(200)
    expect((await post(env.viewer, `${docs('pages')}/count`, {})).status).toBe(200)
    expect((await post(env.viewer, `${docs('pages')}/explain`, {})).status).toBe(200)
    expect(rows()).toHaveLength(before)
    expect((await env.viewer.agent.post(`${docs('pages')}/query`).send({ limit: 5 })).status).toBe(403)
    expect(rows().length).toBe(before + 1)
  })
})
