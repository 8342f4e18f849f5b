import type { Router } from 'express'
import {
  ClusterEventSchema,
  ClusterListResponseSchema,
  ClusterParamsSchema,
  CreateGroupBodySchema,
  CreateNodeBodySchema,
  GroupNodeParamsSchema,
  GroupParamsSchema,
  NodeParamsSchema,
  StopImpactSchema,
  TopologySchema,
} from '@canopy/api-contract'
import type { ClusterEvent } from '@canopy/api-contract'
import type { TopologyCache } from '../../services/cluster/topology-cache.js'
import { addNode, controlNode, previewStop, removeNode } from '../../services/cluster/topology.service.js'
import type { ClusterMonitor } from '../../services/cluster/topology.service.js'
import type { ClusterMount, ClusterRouteDeps } from './mount.js'

const tags = ['topology']

/** Clusters, topology, the event stream, and group/node control. */
export function topologyRoutes(router: Router, mount: ClusterMount, deps: ClusterRouteDeps, monitor: ClusterMonitor, topology: TopologyCache): void {
  const { clusters } = deps
  /** Runs a change to groups or nodes; the cached topology is dropped whether or not it succeeded. */
  const change = async (cluster: string, fn: Parameters<typeof clusters.run<void>>[1]) => {
    try {
      await clusters.run(cluster, fn)
    } finally {
      topology.invalidate(cluster)
    }
  }

  mount(router, { method: 'get', path: '/api/clusters', role: 'viewer', summary: 'Configured clusters and their health', tags, response: ClusterListResponseSchema }, async ({ res }) => {
    res.json(await clusters.health())
  })

  mount(
    router,
    { method: 'get', path: '/api/clusters/{cluster}/topology', role: 'viewer', summary: 'Groups and nodes: role, primary, status, ports, LSN, lag', tags, params: ClusterParamsSchema, response: TopologySchema },
    async ({ res, params }) => {
      clusters.config(params.cluster)
      res.json(await topology.get(params.cluster))
    },
  )

  mount(
    router,
    {
      method: 'get',
      path: '/api/clusters/{cluster}/events',
      role: 'viewer',
      summary:
        'Server-sent events; each `data:` is one ClusterEvent: `topology` (at once and on change), `metrics` (operation rates per second for the cluster, and in `groups` / `nodes` per replica group and per node, a down node with null rates), `status` (down/up)',
      tags,
      params: ClusterParamsSchema,
      response: ClusterEventSchema,
      contentType: 'text/event-stream',
    },
    ({ res, params }) => {
      clusters.config(params.cluster)
      res.status(200)
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8')
      res.setHeader('Cache-Control', 'no-cache, no-transform')
      res.setHeader('X-Accel-Buffering', 'no')
      res.flushHeaders()
      res.write('retry: 3000\n\n')
      const send = (e: ClusterEvent) => {
        res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)
      }
      const unsubscribe = monitor.subscribe(params.cluster, send)
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000)
      heartbeat.unref()
      // The response closes when the client goes away (or the server shuts down).
      res.on('close', () => {
        clearInterval(heartbeat)
        unsubscribe()
      })
    },
  )

  mount(
    router,
    { method: 'post', path: '/api/clusters/{cluster}/groups', role: 'admin', action: 'groups.create', summary: 'Create a replica group', tags, params: ClusterParamsSchema, body: CreateGroupBodySchema, responseStatus: 201 },
    async ({ req, res, params, body }) => {
      deps.audit.record(req, { target: body.name })
      await change(params.cluster, (port) => port.createGroup(body.name))
      res.status(201).json({ name: body.name })
    },
  )

  mount(
    router,
    { method: 'delete', path: '/api/clusters/{cluster}/groups/{group}', role: 'admin', action: 'groups.remove', summary: 'Remove a replica group', tags, params: GroupParamsSchema, responseStatus: 204 },
    async ({ req, res, params }) => {
      deps.audit.record(req, { target: params.group })
      await change(params.cluster, (port) => port.removeGroup(params.group))
      res.status(204).end()
    },
  )

  for (const action of ['start', 'stop'] as const) {
    mount(
      router,
      { method: 'post', path: `/api/clusters/{cluster}/groups/{group}/${action}`, role: 'operator', action: `groups.${action}`, summary: `${action === 'start' ? 'Start' : 'Stop'} every node of a group`, tags, params: GroupParamsSchema, responseStatus: 204 },
      async ({ req, res, params }) => {
        deps.audit.record(req, { target: params.group })
        await change(params.cluster, (port) => (action === 'start' ? port.startGroup(params.group) : port.stopGroup(params.group)))
        res.status(204).end()
      },
    )
    mount(
      router,
      { method: 'post', path: `/api/clusters/{cluster}/nodes/{node}/${action}`, role: 'operator', action: `nodes.${action}`, summary: `${action === 'start' ? 'Start' : 'Stop'} one node (node = "host:port")`, tags, params: NodeParamsSchema, responseStatus: 204 },
      async ({ req, res, params }) => {
        deps.audit.record(req, { target: params.node })
        const current = await topology.get(params.cluster)
        await change(params.cluster, (port) => controlNode(port, current, undefined, params.node, action))
        res.status(204).end()
      },
    )
  }

  mount(
    router,
    { method: 'get', path: '/api/clusters/{cluster}/nodes/{node}/stop-impact', role: 'viewer', summary: 'What stopping this node would do: primary, majority kept, lag of the others', tags, params: NodeParamsSchema, response: StopImpactSchema },
    async ({ res, params }) => {
      clusters.config(params.cluster)
      res.json(previewStop(await topology.get(params.cluster), undefined, params.node))
    },
  )

  mount(
    router,
    { method: 'post', path: '/api/clusters/{cluster}/groups/{group}/nodes', role: 'admin', action: 'nodes.create', summary: 'Add a node to a group', tags, params: GroupParamsSchema, body: CreateNodeBodySchema, responseStatus: 201 },
    async ({ req, res, params, body }) => {
      const id = `${body.host}:${body.port}`
      deps.audit.record(req, { target: `${params.group}/${id}`, params: body })
      await change(params.cluster, (port) => addNode(port, params.group, body))
      res.status(201).json({ id })
    },
  )

  mount(
    router,
    { method: 'delete', path: '/api/clusters/{cluster}/groups/{group}/nodes/{node}', role: 'admin', action: 'nodes.remove', summary: 'Remove a node from a group', tags, params: GroupNodeParamsSchema, responseStatus: 204 },
    async ({ req, res, params }) => {
      deps.audit.record(req, { target: `${params.group}/${params.node}` })
      await change(params.cluster, (port) => removeNode(port, params.group, params.node))
      res.status(204).end()
    },
  )
}
