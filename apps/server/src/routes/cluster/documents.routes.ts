import type { Request, Response, Router } from 'express'
import {
  CollectionParamsSchema,
  CountBodySchema,
  CountResponseSchema,
  DeleteBodySchema,
  DeleteResponseSchema,
  DocumentParamsSchema,
  DocumentQueryBodySchema,
  DocumentQueryResponseSchema,
  ExplainBodySchema,
  ExplainResponseSchema,
  ExportBodySchema,
  FormatQuerySchema,
  InsertBodySchema,
  InsertResponseSchema,
  ReplaceBodySchema,
  ReplaceResponseSchema,
  UpdateBodySchema,
  UpdateResponseSchema,
} from '@canopy/api-contract'
import type { DataFormat, ImportEvent } from '@canopy/api-contract'
import type { z } from 'zod'
import { csvLine, leafPaths, typedToCsvCell } from '../../services/cluster/data-formats.js'
import {
  AUDIT_IMAGE_LIMIT,
  countDocuments,
  deleteDocuments,
  explainQuery,
  exportDocuments,
  insertDocuments,
  queryDocuments,
  replaceDocument,
  updateDocuments,
} from '../../services/cluster/documents.service.js'
import type { DocumentPage } from '../../services/cluster/documents.service.js'
import { translateError } from '../../services/cluster/errors.js'
import { FairLimiter } from '../../services/cluster/fair-limiter.js'
import type { SdbPort } from '../../services/cluster/sdb-port.js'
import { importDocuments } from '../../services/cluster/import.service.js'
import { readPath } from '../../services/cluster/keyset.js'
import { sendTyped } from './mount.js'
import type { ClusterMount, ClusterRouteDeps } from './mount.js'
import { stringifyTypedJson, typedJsonText } from '@canopy/sdb-client/bson'
import type { BsonDocument, TypedJson } from '@canopy/sdb-client/bson'

const tags = ['documents']
type ExportBody = z.output<typeof ExportBodySchema>

/** Writes a chunk and waits for the socket to drain when its buffer is full. */
async function write(res: Response, text: string): Promise<void> {
  if (!res.write(text)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done)
        res.off('close', done)
        resolve()
      }
      res.on('drain', done)
      res.on('close', done)
    })
  }
}

/**
 * A query page as typed JSON, written as is: the hottest answer of the console skips Express's
 * ETag hash and Buffer copy (a POST answer is never revalidated). Node sets Content-Length.
 */
function sendPage(res: Response, page: DocumentPage): void {
  const { documents } = page
  // Each document sits two levels down in the answer (object, array), where the nesting limit counts.
  const texts = 'decoded' in documents ? documents.decoded.map((d) => typedJsonText(d as BsonDocument, 2)) : documents.typed.map((d) => stringifyTypedJson(d as TypedJson))
  let text = `{"documents":[${texts.join(',')}],"nextPageToken":${JSON.stringify(page.nextPageToken)},"estimatedCount":${JSON.stringify(page.estimatedCount)}`
  if (page.exactCount !== undefined) text += `,"exactCount":${JSON.stringify(page.exactCount)}`
  res.statusCode = 200
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.end(`${text}}`)
}

async function* textChunks(req: Request): AsyncGenerator<string> {
  req.setEncoding('utf8')
  for await (const chunk of req as AsyncIterable<string>) yield chunk
}

/** Document reads (query, count, explain) running at once per cluster; the driver pool holds 20. */
export const DOCUMENT_READS_PER_CLUSTER = 6
/**
 * Exports streaming at once per cluster; more wait their turn in arrival order. Each holds one
 * pool connection for as long as its download lasts, so exports have a lane of their own: a
 * long export never takes one of the interactive read slots (pages stay fast), and a crowd of
 * pages never delays an export's start. Together they hold at most 8 of the pool's 20.
 */
export const EXPORTS_PER_CLUSTER = 2

/** Queries, counts, explain, writes, export and import of a collection's documents. */
export function documentRoutes(router: Router, mount: ClusterMount, deps: ClusterRouteDeps): void {
  const { clusters } = deps
  const base = '/api/clusters/{cluster}/collection-spaces/{cs}/collections/{cl}/documents'
  const ref = (p: { cs: string; cl: string }) => ({ cs: p.cs, cl: p.cl })
  // A page holds up to three pool connections at once (query, estimate, exact count): a few
  // reads at a time per cluster, in arrival order, leave the rest of the pool to the others.
  const reads = new FairLimiter(DOCUMENT_READS_PER_CLUSTER)
  const read = <T>(cluster: string, signal: AbortSignal, fn: (port: SdbPort) => Promise<T>) =>
    reads.run(cluster, () => clusters.run(cluster, fn), signal)
  const exportsLimiter = new FairLimiter(EXPORTS_PER_CLUSTER)

  /**
   * Streams one export. A failure before the first document still gets a proper status (the
   * mounter answers it); once the download has begun, the response is aborted (no final chunk),
   * so the browser's download fails instead of leaving a silently short file, and it is logged
   * and audited.
   */
  async function streamExport(req: Request, res: Response, params: { cluster: string; cs: string; cl: string }, format: DataFormat, body: ExportBody, signal: AbortSignal): Promise<void> {
    const port = await clusters.port(params.cluster)
    const docs = exportDocuments(port, ref(params), body, signal)
    // The first document is read before any header goes out, so query errors still get a proper status.
    const first = await docs.next()
    const ext = format === 'csv' ? 'csv' : format === 'json' ? 'json' : 'ndjson'
    res.status(200)
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : format === 'json' ? 'application/json; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
    res.setHeader('Content-Disposition', `attachment; filename="${params.cs}.${params.cl}.${ext}"`)
    let fields = body.fields
    let n = 0
    const emit = async (doc: Record<string, unknown>) => {
      if (format === 'ndjson') await write(res, `${stringifyTypedJson(doc as TypedJson)}\n`)
      else if (format === 'json') await write(res, `${n === 0 ? '[\n' : ',\n'}${stringifyTypedJson(doc as TypedJson)}`)
      else {
        if (fields === undefined) {
          fields = leafPaths(doc)
          await write(res, csvLine(fields))
        } else if (n === 0) await write(res, csvLine(fields))
        await write(res, csvLine(fields.map((f) => typedToCsvCell(readPath(doc, f)))))
      }
      n++
    }
    try {
      if (!first.done) await emit(first.value)
      for await (const doc of docs) {
        if (signal.aborted) break
        await emit(doc)
      }
    } catch (err) {
      await docs.return(undefined).catch(() => undefined)
      if (signal.aborted) return
      const t = translateError(err)
      deps.logger?.error({ err, cluster: params.cluster, collection: `${params.cs}.${params.cl}`, format, sent: n }, 'export failed mid-stream; download aborted')
      deps.audit.record(req, { target: `${params.cs}.${params.cl}`, params: { format, sent: n }, result: 'error', error: { code: t.body.code, message: t.body.message } })
      if (res.headersSent) {
        res.destroy()
        return
      }
      throw err
    }
    if (format === 'json') res.write(n === 0 ? '[]\n' : '\n]\n')
    if (format === 'csv' && n === 0 && fields !== undefined) res.write(csvLine(fields))
    res.end()
  }

  mount(
    router,
    {
      method: 'post',
      path: `${base}/query`,
      role: 'viewer',
      action: 'documents.query',
      readOnly: true,
      summary: 'One page of a query (keyset paging: pass nextPageToken back as pageToken); closing the request cancels it',
      tags,
      params: CollectionParamsSchema,
      body: DocumentQueryBodySchema,
      response: DocumentQueryResponseSchema,
    },
    async ({ res, params, body, signal }) => {
      sendPage(res, await read(params.cluster, signal, (port) => queryDocuments(port, ref(params), body, signal)))
    },
  )

  mount(
    router,
    { method: 'post', path: `${base}/count`, role: 'viewer', action: 'documents.count', readOnly: true, summary: 'Exact count of the documents matching a condition', tags, params: CollectionParamsSchema, body: CountBodySchema, response: CountResponseSchema },
    async ({ res, params, body, signal }) => {
      res.json({ count: await read(params.cluster, signal, (port) => countDocuments(port, ref(params), body, signal)) })
    },
  )

  mount(
    router,
    { method: 'post', path: `${base}/explain`, role: 'viewer', action: 'documents.explain', readOnly: true, summary: 'The access plan of a query', tags, params: CollectionParamsSchema, body: ExplainBodySchema, response: ExplainResponseSchema },
    async ({ res, params, body, signal }) => {
      sendTyped(res, { plans: await read(params.cluster, signal, (port) => explainQuery(port, ref(params), body, signal)) })
    },
  )

  mount(
    router,
    {
      method: 'post',
      path: base,
      role: 'operator',
      action: 'documents.insert',
      summary: 'Insert one document ({document}) or many ({documents})',
      tags,
      params: CollectionParamsSchema,
      body: InsertBodySchema,
      response: InsertResponseSchema,
      responseStatus: 201,
    },
    async ({ req, res, params, body }) => {
      const docs = 'document' in body ? [body.document] : body.documents
      const continueOnDuplicate = 'documents' in body && body.continueOnDuplicate === true
      const out = await clusters.run(params.cluster, (port) => insertDocuments(port, ref(params), docs, continueOnDuplicate))
      deps.audit.record(req, { target: `${params.cs}.${params.cl}`, params: { count: docs.length, ids: out.ids.slice(0, 100) }, before: null, after: docs.length <= 100 ? docs : { count: docs.length } })
      res.status(201).json(out)
    },
  )

  mount(
    router,
    {
      method: 'put',
      path: `${base}/{id}`,
      role: 'operator',
      action: 'documents.replace',
      summary: 'Replace the document with this _id (id = typed JSON of the _id, URL-encoded)',
      tags,
      params: DocumentParamsSchema,
      body: ReplaceBodySchema,
      response: ReplaceResponseSchema,
    },
    async ({ req, res, params, body }) => {
      const out = await clusters.run(params.cluster, (port) => replaceDocument(port, ref(params), params.id, body.document))
      deps.audit.record(req, { target: `${params.cs}.${params.cl}`, params: { id: params.id }, before: out.before, after: out.after })
      sendTyped(res, out)
    },
  )

  mount(
    router,
    {
      method: 'post',
      path: `${base}/update`,
      role: 'operator',
      action: 'documents.update',
      summary: 'Update by condition; with dryRun only count the matches',
      tags,
      params: CollectionParamsSchema,
      body: UpdateBodySchema,
      response: UpdateResponseSchema,
    },
    async ({ req, res, params, body }) => {
      const { result, images } = await clusters.run(params.cluster, (port) => updateDocuments(port, ref(params), body))
      deps.audit.record(req, {
        target: `${params.cs}.${params.cl}`,
        params: { condition: body.condition ?? {}, rule: body.rule, dryRun: body.dryRun === true, ...result, ...(images?.truncated ? { imagesTruncatedTo: AUDIT_IMAGE_LIMIT } : {}) },
        ...(images ? { before: images.before, after: images.after } : {}),
      })
      res.json(result)
    },
  )

  mount(
    router,
    {
      method: 'post',
      path: `${base}/delete`,
      role: 'operator',
      action: 'documents.delete',
      summary: 'Delete by condition; with dryRun only count the matches',
      tags,
      params: CollectionParamsSchema,
      body: DeleteBodySchema,
      response: DeleteResponseSchema,
    },
    async ({ req, res, params, body }) => {
      const { result, images } = await clusters.run(params.cluster, (port) => deleteDocuments(port, ref(params), body))
      deps.audit.record(req, {
        target: `${params.cs}.${params.cl}`,
        params: { condition: body.condition ?? {}, dryRun: body.dryRun === true, ...result, ...(images?.truncated ? { imagesTruncatedTo: AUDIT_IMAGE_LIMIT } : {}) },
        ...(images ? { before: images.before, after: null } : {}),
      })
      res.json(result)
    },
  )

  mount(
    router,
    {
      method: 'post',
      path: `${base}/export`,
      role: 'viewer',
      action: 'documents.export',
      summary: 'Export a query result as NDJSON, a JSON array or CSV (streamed)',
      tags,
      params: CollectionParamsSchema,
      query: FormatQuerySchema,
      body: ExportBodySchema,
      contentType: 'application/x-ndjson',
    },
    async ({ req, res, params, query, body, signal }) => {
      await exportsLimiter.run(params.cluster, () => streamExport(req, res, params, query.format, body, signal), signal)
    },
  )

  mount(
    router,
    {
      method: 'post',
      path: `${base}/import`,
      role: 'operator',
      action: 'documents.import',
      summary: 'Import NDJSON, a JSON array or CSV (raw body, streamed); answers an NDJSON stream of progress, per-row errors and a final done line',
      tags,
      params: CollectionParamsSchema,
      query: FormatQuerySchema,
      requestContentType: 'application/octet-stream',
      contentType: 'application/x-ndjson',
    },
    async ({ req, res, params, query, signal }) => {
      const port = await clusters.port(params.cluster)
      const collection = port.collection(params.cs, params.cl)
      // A missing collection or a cluster outage still gets a proper status before the stream starts.
      await collection.count({ signal })
      res.status(200)
      res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8')
      res.flushHeaders()
      const onEvent = (e: ImportEvent) => {
        res.write(`${JSON.stringify(e)}\n`)
      }
      let done: ImportEvent & { type: 'done' }
      try {
        done = await importDocuments(collection, textChunks(req), { format: query.format, onEvent, signal })
      } catch (err) {
        if (signal.aborted) throw err
        // The stream has begun: report the failure as its last lines (row 0 = the import as a whole).
        const t = translateError(err)
        onEvent({ type: 'error', row: 0, code: t.body.code, message: t.body.message })
        deps.audit.record(req, { target: `${params.cs}.${params.cl}`, result: 'error', error: { code: t.body.code, message: t.body.message } })
        res.end()
        return
      }
      deps.audit.record(req, { target: `${params.cs}.${params.cl}`, params: { format: query.format, rows: done.rows, inserted: done.inserted, failed: done.failed }, result: done.failed > 0 && done.inserted === 0 ? 'error' : 'ok' })
      res.end()
    },
  )
}
