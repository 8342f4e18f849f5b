import express from 'express'
import type { Express, Request, RequestHandler } from 'express'
import type { Logger } from 'pino'
import { ApiRegistry } from '@canopy/api-contract'
import type { AppConfig } from './config.js'
import { annotateAudit, auditRequests } from './middleware/audit-requests.js'
import type { AuditAnnotation } from './middleware/audit-requests.js'
import { apiNotFound, errorHandler } from './middleware/error-handler.js'
import { OperationIndex, operationMounter } from './middleware/operation.js'
import { passwordChangeGate, requireRole, stateChangeGate } from './middleware/require-auth.js'
import { requestLog } from './middleware/request-log.js'
import { securityHeaders } from './middleware/security.js'
import { sessionMiddleware } from './middleware/session.js'
import { inlineScriptHashes, webApp } from './middleware/web-app.js'
import { auditRoutes } from './routes/audit.routes.js'
import { authRoutes } from './routes/auth.routes.js'
import { clusterRoutes } from './routes/cluster/index.js'
import { healthRoutes } from './routes/health.routes.js'
import { API_INFO, openApiRoutes } from './routes/openapi.routes.js'
import { savedQueriesRoutes } from './routes/saved-queries.routes.js'
import { usersRoutes } from './routes/users.routes.js'
import { AuditService } from './services/audit.service.js'
import { AuthService } from './services/auth.service.js'
import type { ClusterRegistry } from './services/cluster/cluster-registry.js'
import { SavedQueriesService } from './services/saved-queries.service.js'
import { UsersService } from './services/users.service.js'
import type { Store } from './store/index.js'

/** Everything createApp needs; main.ts builds it, tests build their own. */
export interface AppDeps {
  readonly config: Pick<AppConfig, 'sessionIdleMs' | 'loginRateLimit' | 'secureCookie'> & { readonly webDir?: string | undefined }
  /** The console's own database. */
  readonly store: Store
  /** The configured clusters' driver connections. */
  readonly clusters: ClusterRegistry
  readonly logger: Logger
}

/** Builds the Express app without listening, so tests drive it with supertest. */
export function createApp(deps: AppDeps): Express {
  const { config, store, logger } = deps
  const app = express()
  app.disable('x-powered-by')
  app.set('query parser', 'simple')
  const registry = new ApiRegistry()
  // Which operation a request addresses, for the gates and the audit log that run before routing.
  const operations = new OperationIndex(registry)
  const audit = new AuditService(store.audit)
  const auth = new AuthService(store.users)
  const users = new UsersService(store.users, store.sessions)
  const savedQueries = new SavedQueriesService(store.savedQueries)
  const guard = (role: Parameters<typeof requireRole>[1]) => requireRole(auth, role)
  const mount = operationMounter(registry, guard)

  app.use(securityHeaders({ https: config.secureCookie, scriptHashes: config.webDir === undefined ? [] : inlineScriptHashes(config.webDir) }))
  app.use(requestLog(logger, (req) => req.url === '/api/health'))
  app.use('/api', auditRequests(audit, operations, (req) => req.session?.user?.username ?? null, (err) => logger.error({ err }, 'audit row lost')))
  // Bulk inserts (up to 10,000 documents in one POST) need room; the console's own routes do not.
  const clusterJson: RequestHandler = express.json({ limit: '16mb' })
  const json: RequestHandler = express.json({ limit: '1mb' })
  app.use('/api', (req, res, next) => {
    // Raw bodies (LOB uploads, imports) are streamed by their routes, so JSON parsing skips them.
    if (operations.matchRequest(req)?.spec.requestContentType !== undefined) return next()
    if (req.path.startsWith('/clusters/')) return clusterJson(req, res, next)
    json(req, res, next)
  })
  app.use(
    '/api',
    sessionMiddleware({ store: store.sessions, secureCookie: config.secureCookie }),
  )
  app.use('/api', stateChangeGate(auth, operations))
  app.use('/api', passwordChangeGate(auth, operations))

  const version = API_INFO.version
  const startedAt = Date.now()

  const writeNow = (req: Request) => (a: AuditAnnotation) => {
    audit.append({
      actor: req.session?.user?.username ?? null,
      ip: req.ip ?? null,
      method: req.method,
      path: req.originalUrl.split('?')[0] ?? req.originalUrl,
      action: a.action ?? `${req.method} ${req.path}`,
      target: a.target ?? null,
      params: a.params,
      result: a.result ?? 'ok',
      status: null,
      errorCode: a.error?.code ?? null,
      before: a.before,
      after: a.after,
    })
  }
  const clusterDeps = {
    clusters: deps.clusters,
    requireRole: guard,
    audit: { record: (req: Request, entry: AuditAnnotation) => annotateAudit(req, entry, writeNow(req)) },
    registerOperation: (spec: Parameters<ApiRegistry['add']>[0]) => registry.add(spec),
    logger,
  }
  // The cluster routes come first: document pages are the hottest requests, and Express tries
  // every route registered before the one that matches.
  app.use('/api', clusterRoutes(clusterDeps))
  app.use(healthRoutes(mount, { version, startedAt, storeUp: () => store.ping(), clusters: () => deps.clusters.health() }))
  app.use(openApiRoutes(mount, registry))
  app.use(authRoutes({ mount, auth, users, loginRateLimit: config.loginRateLimit }))
  app.use(usersRoutes(mount, users))
  app.use(auditRoutes(mount, audit))
  app.use(savedQueriesRoutes(mount, savedQueries))

  app.use('/api', apiNotFound)
  if (config.webDir !== undefined) app.use(webApp(config.webDir))
  app.use(errorHandler(logger))
  return app
}
