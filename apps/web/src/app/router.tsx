import type { QueryClient } from '@tanstack/react-query'
import { createRootRouteWithContext, createRoute, createRouter, type RouterHistory, Outlet, redirect } from '@tanstack/react-router'
import { mustChangePassword, sessionQueryOptions } from '../lib/auth.js'
import { AuthedLayout } from './routes/authed-layout.js'
import { NotFound } from './routes/not-found.js'

/** What every route's loader and guard can reach. */
export interface RouterContext {
  readonly queryClient: QueryClient
}

const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Outlet, notFoundComponent: NotFound })

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}
function int(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN
  return Number.isInteger(n) && n >= 0 ? n : undefined
}

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (s: Record<string, unknown>): { redirect?: string | undefined } => ({ redirect: str(s.redirect) }),
}).lazy(() => import('./routes/login.js').then((m) => m.Route))

// Signed in, but outside the shell: a user with a one-time password sees only this page.
const changePasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/change-password',
  validateSearch: (s: Record<string, unknown>): { redirect?: string | undefined } => ({ redirect: str(s.redirect) }),
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.query({ ...sessionQueryOptions(), staleTime: 'static' })
    if (session === null) redirect({ to: '/login', search: { redirect: location.href }, throw: true })
  },
}).lazy(() => import('./routes/change-password.js').then((m) => m.Route))

const authedRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'authed',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.query({ ...sessionQueryOptions(), staleTime: 'static' })
    if (session === null) redirect({ to: '/login', search: { redirect: location.href }, throw: true })
    // The server refuses everything else anyway (403 PASSWORD_CHANGE_REQUIRED); send them where they can act.
    if (mustChangePassword(session)) redirect({ to: '/change-password', search: { redirect: location.href }, throw: true })
    return { session }
  },
  component: AuthedLayout,
})

const indexRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/',
  beforeLoad: () => {
    redirect({ to: '/c/$cluster/topology', params: { cluster: 'embedded' }, search: {}, throw: true })
  },
})

const clusterRoute = createRoute({ getParentRoute: () => authedRoute, path: '/c/$cluster' })

const clusterIndexRoute = createRoute({
  getParentRoute: () => clusterRoute,
  path: '/',
  beforeLoad: ({ params }) => {
    redirect({ to: '/c/$cluster/topology', params, search: {}, throw: true })
  },
})

/** Search params of the topology page. */
export interface TopologySearch {
  readonly view?: 'map' | 'table' | 'graph' | undefined
  readonly node?: string | undefined
}

const topologyRoute = createRoute({
  getParentRoute: () => clusterRoute,
  path: '/topology',
  validateSearch: (s: Record<string, unknown>): TopologySearch => ({ view: s.view === 'table' || s.view === 'map' || s.view === 'graph' ? s.view : undefined, node: str(s.node) }),
}).lazy(() => import('./routes/topology.js').then((m) => m.Route))

const dataRoute = createRoute({ getParentRoute: () => clusterRoute, path: '/data' }).lazy(() => import('./routes/collection-spaces.js').then((m) => m.Route))

const csRoute = createRoute({ getParentRoute: () => clusterRoute, path: '/data/$cs' }).lazy(() => import('./routes/collections.js').then((m) => m.Route))

/** Search params of a collection page: tab, document view, condition and paging. */
export interface CollectionSearch {
  readonly tab?: 'documents' | 'query' | 'indexes' | 'lobs' | 'details' | undefined
  readonly view?: 'table' | 'json' | undefined
  /** The current query (condition, selector, sort, hint, skip, limit) as JSON text. */
  readonly q?: string | undefined
  /** Keyset page token of the current page. */
  readonly page?: string | undefined
}

const tabs = ['documents', 'query', 'indexes', 'lobs', 'details'] as const
const clRoute = createRoute({
  getParentRoute: () => clusterRoute,
  path: '/data/$cs/$cl',
  validateSearch: (s: Record<string, unknown>): CollectionSearch => ({
    tab: tabs.find((x) => x === s.tab),
    view: s.view === 'json' ? 'json' : s.view === 'table' ? 'table' : undefined,
    q: str(s.q),
    page: str(s.page),
  }),
}).lazy(() => import('./routes/collection.js').then((m) => m.Route))

/** Search params of the monitoring page. */
export interface MonitoringSearch {
  readonly snapshot?: string | undefined
  readonly window?: number | undefined
  readonly scope?: string | undefined
}

const monitoringRoute = createRoute({
  getParentRoute: () => clusterRoute,
  path: '/monitoring',
  validateSearch: (s: Record<string, unknown>): MonitoringSearch => ({ snapshot: str(s.snapshot), window: int(s.window), scope: str(s.scope) }),
}).lazy(() => import('./routes/monitoring.js').then((m) => m.Route))

const sqlRoute = createRoute({
  getParentRoute: () => clusterRoute,
  path: '/sql',
  validateSearch: (s: Record<string, unknown>): { sql?: string | undefined } => ({ sql: str(s.sql) }),
}).lazy(() => import('./routes/sql.js').then((m) => m.Route))

const usersRoute = createRoute({ getParentRoute: () => authedRoute, path: '/admin/users' }).lazy(() => import('./routes/users.js').then((m) => m.Route))

const auditRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/admin/audit',
  validateSearch: (s: Record<string, unknown>): { actor?: string | undefined; action?: string | undefined } => ({ actor: str(s.actor), action: str(s.action) }),
}).lazy(() => import('./routes/audit.js').then((m) => m.Route))

const routeTree = rootRoute.addChildren([
  loginRoute,
  changePasswordRoute,
  authedRoute.addChildren([
    indexRoute,
    clusterRoute.addChildren([clusterIndexRoute, topologyRoute, dataRoute, csRoute, clRoute, monitoringRoute, sqlRoute]),
    usersRoute,
    auditRoute,
  ]),
])

/** Builds the router; tests pass a memory history. */
export function createAppRouter(queryClient: QueryClient, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
    ...(history === undefined ? {} : { history }),
  })
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>
  }
}
