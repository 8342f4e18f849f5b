import type { Router } from 'express'
import { ApiErrorCode, SessionParamsSchema, SnapshotParamsSchema, SnapshotQuerySchema, SnapshotResponseSchema, SqlBodySchema, SqlResponseSchema, ClusterParamsSchema } from '@canopy/api-contract'
import { currentUser } from '../../middleware/require-auth.js'
import { ClusterApiError, badRequest } from '../../services/cluster/errors.js'
import { runSql, snapshot } from '../../services/cluster/schema.service.js'
import { sendTyped } from './mount.js'
import type { ClusterMount, ClusterRouteDeps } from './mount.js'

const tags = ['monitoring']

function parseJsonParam(text: string | undefined, field: string): unknown {
  if (text === undefined || text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw badRequest(`${field} must be a JSON object (typed JSON)`, field)
  }
}

// Statements that change the schema need an admin; other writes an operator.
const DDL = /^\s*(create|drop|alter|truncate|rename|grant|revoke)\b/i
const READ = /^\s*(select|list|explain)\b/i
// Each statement runs on whichever pooled connection is free, so a transaction begun by one
// request would stay open on that connection and swallow other users' writes.
const TRANSACTION = /^\s*(begin|commit|rollback)\b/i

/** Snapshots, lists, kill session, and SQL. */
export function monitoringRoutes(router: Router, mount: ClusterMount, deps: ClusterRouteDeps): void {
  const { clusters } = deps

  mount(
    router,
    {
      method: 'get',
      path: '/api/clusters/{cluster}/snapshots/{type}',
      role: 'viewer',
      summary: 'A snapshot (or with list=true the lighter list) with optional condition/orderBy (typed JSON in the query string)',
      tags,
      params: SnapshotParamsSchema,
      query: SnapshotQuerySchema,
      response: SnapshotResponseSchema,
    },
    async ({ res, params, query, signal }) => {
      const condition = parseJsonParam(query.condition, 'condition')
      const orderBy = parseJsonParam(query.orderBy, 'orderBy')
      const documents = await clusters.run(params.cluster, (port) => snapshot(port, params.type, { condition, orderBy, list: query.list === 'true' }, { signal, timeoutMs: 30_000 }))
      sendTyped(res, { type: params.type, documents })
    },
  )

  mount(
    router,
    { method: 'delete', path: '/api/clusters/{cluster}/sessions/{id}', role: 'admin', action: 'sessions.kill', summary: 'Kill a database session (by its SessionID)', tags, params: SessionParamsSchema, responseStatus: 204 },
    async ({ req, res, params }) => {
      deps.audit.record(req, { target: params.id })
      await clusters.run(params.cluster, (port) => port.killSession(BigInt(params.id)))
      res.status(204).end()
    },
  )

  mount(
    router,
    {
      method: 'post',
      path: '/api/clusters/{cluster}/sql',
      role: 'operator',
      action: 'sql.exec',
      summary: 'Run one SQL statement (DDL statements need an admin)',
      tags,
      params: ClusterParamsSchema,
      body: SqlBodySchema,
      response: SqlResponseSchema,
    },
    async ({ req, res, params, body, signal }) => {
      if (TRANSACTION.test(body.sql)) {
        throw badRequest('Transaction statements are not run from the console: each statement runs on its own pooled connection', 'sql')
      }
      if (DDL.test(body.sql) && currentUser(req).role !== 'admin') {
        throw new ClusterApiError(403, ApiErrorCode.forbidden, 'This SQL statement changes the schema and needs the admin role')
      }
      deps.audit.record(req, { target: params.cluster, params: { sql: body.sql.slice(0, 2000), read: READ.test(body.sql) } })
      sendTyped(res, await clusters.run(params.cluster, (port) => runSql(port, body.sql, body.limit ?? 1000, { signal, timeoutMs: 60_000 })))
    },
  )
}
