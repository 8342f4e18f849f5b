import type { Router } from 'express'
import {
  ClusterParamsSchema,
  CollectionListResponseSchema,
  CollectionParamsSchema,
  CollectionSpaceListResponseSchema,
  CollectionSpaceParamsSchema,
  CollectionSpaceSummarySchema,
  CollectionSummarySchema,
  CreateCollectionBodySchema,
  CreateCollectionSpaceBodySchema,
  CreateIndexBodySchema,
  IndexListResponseSchema,
  IndexParamsSchema,
  LobListResponseSchema,
  LobParamsSchema,
  LobUploadResponseSchema,
  RenameCollectionBodySchema,
} from '@canopy/api-contract'
import {
  createCollection,
  createCollectionSpace,
  createIndex,
  getCollection,
  getCollectionSpace,
  listCollectionSpaces,
  listCollections,
  listIndexes,
  listLobs,
} from '../../services/cluster/schema.service.js'
import type { ClusterMount, ClusterRouteDeps } from './mount.js'

/** Collection spaces, collections, indexes and LOBs. */
export function schemaRoutes(router: Router, mount: ClusterMount, deps: ClusterRouteDeps): void {
  const { clusters } = deps
  const tags = ['collections']
  const base = '/api/clusters/{cluster}/collection-spaces'
  const cl = `${base}/{cs}/collections/{cl}`

  mount(router, { method: 'get', path: base, role: 'viewer', summary: 'Collection spaces with their collections', tags, params: ClusterParamsSchema, response: CollectionSpaceListResponseSchema }, async ({ res, params, signal }) => {
    res.json(await clusters.run(params.cluster, (port) => listCollectionSpaces(port, { signal })))
  })

  mount(
    router,
    { method: 'post', path: base, role: 'admin', action: 'collectionSpaces.create', summary: 'Create a collection space', tags, params: ClusterParamsSchema, body: CreateCollectionSpaceBodySchema, responseStatus: 201 },
    async ({ req, res, params, body }) => {
      deps.audit.record(req, { target: body.name, params: body })
      await clusters.run(params.cluster, (port) => createCollectionSpace(port, body))
      res.status(201).json({ name: body.name })
    },
  )

  mount(router, { method: 'get', path: `${base}/{cs}`, role: 'viewer', summary: 'One collection space', tags, params: CollectionSpaceParamsSchema, response: CollectionSpaceSummarySchema }, async ({ res, params, signal }) => {
    res.json(await clusters.run(params.cluster, (port) => getCollectionSpace(port, params.cs, { signal })))
  })

  mount(
    router,
    { method: 'delete', path: `${base}/{cs}`, role: 'admin', action: 'collectionSpaces.drop', summary: 'Drop a collection space and everything in it', tags, params: CollectionSpaceParamsSchema, responseStatus: 204 },
    async ({ req, res, params }) => {
      deps.audit.record(req, { target: params.cs })
      await clusters.run(params.cluster, (port) => port.dropCollectionSpace(params.cs))
      res.status(204).end()
    },
  )

  mount(
    router,
    { method: 'get', path: `${base}/{cs}/collections`, role: 'viewer', summary: 'Collections of a space, with statistics', tags, params: CollectionSpaceParamsSchema, response: CollectionListResponseSchema },
    async ({ res, params, signal }) => {
      res.json(await clusters.run(params.cluster, (port) => listCollections(port, params.cs, { signal })))
    },
  )

  mount(
    router,
    { method: 'post', path: `${base}/{cs}/collections`, role: 'admin', action: 'collections.create', summary: 'Create a collection (sharding, ReplSize, compression, group, ...)', tags, params: CollectionSpaceParamsSchema, body: CreateCollectionBodySchema, responseStatus: 201 },
    async ({ req, res, params, body }) => {
      deps.audit.record(req, { target: `${params.cs}.${body.name}`, params: body })
      await clusters.run(params.cluster, (port) => createCollection(port, params.cs, body))
      res.status(201).json({ name: body.name, fullName: `${params.cs}.${body.name}` })
    },
  )

  mount(router, { method: 'get', path: cl, role: 'viewer', summary: 'Collection details: catalog (sharding, ReplSize, compression, groups) and statistics', tags, params: CollectionParamsSchema, response: CollectionSummarySchema }, async ({ res, params, signal }) => {
    res.json(await clusters.run(params.cluster, (port) => getCollection(port, params.cs, params.cl, { signal })))
  })

  mount(
    router,
    { method: 'delete', path: cl, role: 'admin', action: 'collections.drop', summary: 'Drop a collection', tags, params: CollectionParamsSchema, responseStatus: 204 },
    async ({ req, res, params }) => {
      deps.audit.record(req, { target: `${params.cs}.${params.cl}` })
      await clusters.run(params.cluster, (port) => port.dropCollection(params.cs, params.cl))
      res.status(204).end()
    },
  )

  mount(
    router,
    { method: 'post', path: `${cl}/truncate`, role: 'admin', action: 'collections.truncate', summary: 'Remove every document and LOB of a collection', tags, params: CollectionParamsSchema, responseStatus: 204 },
    async ({ req, res, params }) => {
      deps.audit.record(req, { target: `${params.cs}.${params.cl}` })
      await clusters.run(params.cluster, (port) => port.collection(params.cs, params.cl).truncate())
      res.status(204).end()
    },
  )

  mount(
    router,
    { method: 'post', path: `${cl}/rename`, role: 'admin', action: 'collections.rename', summary: 'Rename a collection within its space', tags, params: CollectionParamsSchema, body: RenameCollectionBodySchema },
    async ({ req, res, params, body }) => {
      deps.audit.record(req, { target: `${params.cs}.${params.cl}`, params: body })
      await clusters.run(params.cluster, (port) => port.renameCollection(params.cs, params.cl, body.newName))
      res.json({ name: body.newName, fullName: `${params.cs}.${body.newName}` })
    },
  )

  const itags = ['indexes']
  mount(router, { method: 'get', path: `${cl}/indexes`, role: 'viewer', summary: 'Indexes of a collection', tags: itags, params: CollectionParamsSchema, response: IndexListResponseSchema }, async ({ res, params, signal }) => {
    res.json(await clusters.run(params.cluster, (port) => listIndexes(port, params.cs, params.cl, { signal })))
  })

  mount(
    router,
    { method: 'post', path: `${cl}/indexes`, role: 'admin', action: 'indexes.create', summary: 'Create an index', tags: itags, params: CollectionParamsSchema, body: CreateIndexBodySchema, responseStatus: 201 },
    async ({ req, res, params, body }) => {
      deps.audit.record(req, { target: `${params.cs}.${params.cl}/${body.name}`, params: body })
      await clusters.run(params.cluster, (port) => createIndex(port, params.cs, params.cl, body))
      res.status(201).json({ name: body.name })
    },
  )

  mount(
    router,
    { method: 'delete', path: `${cl}/indexes/{index}`, role: 'admin', action: 'indexes.drop', summary: 'Drop an index', tags: itags, params: IndexParamsSchema, responseStatus: 204 },
    async ({ req, res, params }) => {
      deps.audit.record(req, { target: `${params.cs}.${params.cl}/${params.index}` })
      await clusters.run(params.cluster, (port) => port.collection(params.cs, params.cl).dropIndex(params.index))
      res.status(204).end()
    },
  )

  const ltags = ['lobs']
  mount(router, { method: 'get', path: `${cl}/lobs`, role: 'viewer', summary: 'LOBs of a collection', tags: ltags, params: CollectionParamsSchema, response: LobListResponseSchema }, async ({ res, params, signal }) => {
    res.json(await clusters.run(params.cluster, (port) => listLobs(port, params.cs, params.cl, { signal })))
  })

  mount(
    router,
    {
      method: 'post',
      path: `${cl}/lobs`,
      role: 'operator',
      action: 'lobs.upload',
      summary: 'Upload a LOB (the raw request body, streamed)',
      tags: ltags,
      params: CollectionParamsSchema,
      requestContentType: 'application/octet-stream',
      response: LobUploadResponseSchema,
      responseStatus: 201,
    },
    async ({ req, res, params, signal }) => {
      const out = await clusters.run(params.cluster, (port) => port.collection(params.cs, params.cl).putLob(req, { signal }))
      deps.audit.record(req, { target: `${params.cs}.${params.cl}/${out.oid}`, params: { size: out.size.toString() } })
      res.status(201).json({ oid: out.oid, size: out.size.toString() })
    },
  )

  mount(
    router,
    { method: 'get', path: `${cl}/lobs/{oid}`, role: 'viewer', summary: 'Download a LOB (streamed)', tags: ltags, params: LobParamsSchema, contentType: 'application/octet-stream' },
    async ({ res, params, signal }) => {
      const lob = await clusters.run(params.cluster, (port) => port.collection(params.cs, params.cl).getLob(params.oid, { signal }))
      res.status(200)
      res.setHeader('Content-Type', 'application/octet-stream')
      res.setHeader('Content-Length', lob.size.toString())
      res.setHeader('Content-Disposition', `attachment; filename="${params.oid}"`)
      await new Promise<void>((resolve, reject) => {
        lob.stream.on('error', reject)
        res.on('close', () => {
          lob.stream.destroy()
          resolve()
        })
        lob.stream.pipe(res)
      })
    },
  )

  mount(
    router,
    { method: 'delete', path: `${cl}/lobs/{oid}`, role: 'operator', action: 'lobs.remove', summary: 'Delete a LOB', tags: ltags, params: LobParamsSchema, responseStatus: 204 },
    async ({ req, res, params }) => {
      deps.audit.record(req, { target: `${params.cs}.${params.cl}/${params.oid}` })
      await clusters.run(params.cluster, (port) => port.collection(params.cs, params.cl).removeLob(params.oid))
      res.status(204).end()
    },
  )
}

