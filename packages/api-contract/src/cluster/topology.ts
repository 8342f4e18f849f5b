import { z } from 'zod'

/** Run state of a node or group as the console reports it. */
export const NodeStatus = {
  running: 'running',
  stopped: 'stopped',
  unknown: 'unknown',
} as const
/** One of {@link NodeStatus}. */
export type NodeStatus = (typeof NodeStatus)[keyof typeof NodeStatus]

/** What a replica group holds: data, the catalog, or the coordinators. */
export const GroupRole = { data: 'data', coord: 'coord', catalog: 'catalog' } as const
/** One of {@link GroupRole}. */
export type GroupRole = (typeof GroupRole)[keyof typeof GroupRole]

/** The service ports a node listens on (`Service` in the group document). */
export const NodeServicesSchema = z.object({
  service: z.number().int().optional(),
  replication: z.number().int().optional(),
  catalog: z.number().int().optional(),
  rest: z.number().int().optional(),
})

/** One node of a replica group. `id` is "host:port", as in every node URL. */
export const TopologyNodeSchema = z.object({
  id: z.string(),
  nodeId: z.number().int(),
  host: z.string(),
  port: z.number().int(),
  name: z.string(),
  dbpath: z.string().optional(),
  status: z.enum(['running', 'stopped', 'unknown']),
  isPrimary: z.boolean(),
  services: NodeServicesSchema,
  /** CurrentLSN offset as a decimal string (int64). */
  lsn: z.string().nullable(),
  /** How far behind the primary, in log bytes (DiffLSNWithPrimary); null when unknown. */
  lagBehindPrimary: z.string().nullable(),
  serviceStatus: z.boolean().nullable(),
  dataStatus: z.string().nullable(),
})
/** A node of the topology. */
export type TopologyNode = z.infer<typeof TopologyNodeSchema>

/** One replica group. */
export const TopologyGroupSchema = z.object({
  name: z.string(),
  id: z.number().int(),
  role: z.enum(['data', 'coord', 'catalog']),
  status: z.enum(['running', 'stopped', 'unknown']),
  primaryNodeId: z.string().nullable(),
  nodes: z.array(TopologyNodeSchema),
})
/** A replica group of the topology. */
export type TopologyGroup = z.infer<typeof TopologyGroupSchema>

/** `GET /api/clusters/:cluster/topology`. */
export const TopologySchema = z.object({
  cluster: z.string(),
  /** False for a standalone server (no groups). */
  distributed: z.boolean(),
  groups: z.array(TopologyGroupSchema),
  collectedAt: z.string(),
})
/** The whole topology. */
export type Topology = z.infer<typeof TopologySchema>

/** `GET .../nodes/:node/stop-impact`: what the UI shows before it confirms a stop. */
export const StopImpactSchema = z.object({
  node: z.string(),
  group: z.string(),
  isPrimary: z.boolean(),
  runningNodes: z.number().int(),
  totalNodes: z.number().int(),
  /** Whether the group still has a majority of its nodes running after the stop. */
  keepsMajority: z.boolean(),
  /** The group becomes unavailable (no node left running). */
  groupUnavailable: z.boolean(),
  others: z.array(z.object({ id: z.string(), status: z.string(), lagBehindPrimary: z.string().nullable() })),
  warnings: z.array(z.string()),
})
/** The impact preview of stopping one node. */
export type StopImpact = z.infer<typeof StopImpactSchema>

/** `POST .../groups`. */
export const CreateGroupBodySchema = z.object({ name: z.string().min(1).max(127) })
/** `POST .../groups/:group/nodes`. */
export const CreateNodeBodySchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  dbpath: z.string().min(1),
  config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
})
/** Body of a create-node request. */
export type CreateNodeBody = z.infer<typeof CreateNodeBodySchema>

/** Operation counts (totals) or rates (per second): insert / update / delete / read. */
export const OperationCountsSchema = z.object({ insert: z.number(), update: z.number(), delete: z.number(), read: z.number() })
/** Counts or rates of the four operations. */
export type OperationCounts = z.infer<typeof OperationCountsSchema>

/**
 * One replica group's rates in a {@link MetricsSampleSchema} sample: the sum of its reporting
 * nodes' rates (operations per second). `nodesDown` counts its nodes the coordinator could not
 * reach; `nodesReporting` those that answered with a usable rate.
 */
export const GroupRatesSchema = OperationCountsSchema.extend({
  name: z.string(),
  nodesReporting: z.number().int(),
  nodesDown: z.number().int(),
})
/** Rates of one group. */
export type GroupRates = z.infer<typeof GroupRatesSchema>

/**
 * One node's rates in a {@link MetricsSampleSchema} sample. `name` is "host:svc" (the
 * topology's node id). `status` is `down` when the coordinator could not reach the node: its
 * rates are then null, never 0. Rates are also null for the first sample after a node appears
 * (no earlier counters to compare with). After a restart or `$snapshot reset` (counters back
 * near zero) the rate is the new count over the interval, never negative and never the jump
 * between the old and new counters.
 */
export const NodeRatesSchema = z.object({
  name: z.string(),
  group: z.string(),
  status: z.enum(['up', 'down']),
  isPrimary: z.boolean(),
  insert: z.number().nullable(),
  update: z.number().nullable(),
  delete: z.number().nullable(),
  read: z.number().nullable(),
})
/** Rates of one node. */
export type NodeRates = z.infer<typeof NodeRatesSchema>

/**
 * One sample of operation rates, in operations per second, pushed as the `metrics` event.
 *
 * The top-level `insert` / `update` / `delete` / `read` are the whole cluster's rates and
 * `totals` its counters (as before). `groups` and `nodes` (added later, optional for older
 * readers) break the same sample down per replica group and per node; the server reads them with
 * one `$snapshot database` with `RawData: true` per poll (one record per data and coordinator
 * node; the catalog is not included, as on SequoiaDB). They are absent when the cluster only
 * gives the aggregate (a server that ignores `RawData`). The cluster rate is then the sum of the
 * node rates, so a node that goes down or comes back never shows as a spike.
 */
export const MetricsSampleSchema = z.object({
  at: z.string(),
  insert: z.number(),
  update: z.number(),
  delete: z.number(),
  read: z.number(),
  totals: OperationCountsSchema,
  groups: z.array(GroupRatesSchema).optional(),
  nodes: z.array(NodeRatesSchema).optional(),
})
/** A metrics sample pushed on the event stream. */
export type MetricsSample = z.infer<typeof MetricsSampleSchema>

/**
 * Events on `GET .../events` (text/event-stream). The SSE `event:` name is the `type`; `data:` is
 * the whole JSON object. `topology` is sent at once and whenever it changes; `metrics` every
 * interval; `status` when the cluster goes down or comes back.
 */
export const ClusterEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('topology'), topology: TopologySchema }),
  z.object({ type: z.literal('metrics'), metrics: MetricsSampleSchema }),
  z.object({ type: z.literal('status'), status: z.enum(['up', 'down']), error: z.object({ code: z.string(), message: z.string() }).optional() }),
])
/** An event of the cluster event stream. */
export type ClusterEvent = z.infer<typeof ClusterEventSchema>
