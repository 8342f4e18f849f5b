import { createMemoryHistory, RouterProvider } from '@tanstack/react-router'
import { render, screen } from '@testing-library/react'
import type { ReactElement } from 'react'
import type { Role } from '@canopy/api-contract'
import { AppProvider } from '../app/provider.js'
import { NoticeArea } from '../components/layout/notice-area.js'
import { createAppRouter } from '../app/router.js'
import { createI18n, type Language } from '../lib/i18n.js'
import { createQueryClient } from '../lib/query-client.js'
import { mockApi, type MockRoutes, status } from './mock-api.js'

/** Options of {@link renderApp}. */
export interface RenderAppOptions {
  /** Signed-in role; `null` renders signed out. */
  readonly role?: Role | null
  readonly routes?: MockRoutes
  readonly language?: Language
}

/** Default answers every shell needs: a session, one cluster, no collection spaces. */
export function baseRoutes(role: Role | null): MockRoutes {
  return {
    'GET /api/auth/session': () => (role === null ? status(401, { code: 'UNAUTHENTICATED', message: 'Sign in first' }) : { user: { username: `${role}-user`, role }, csrfToken: 'csrf-123' }),
    'GET /api/clusters': () => [{ id: 'embedded', name: 'Embedded emulator', hosts: ['127.0.0.1:11810'], status: 'up' }],
    'GET /api/clusters/:cluster/collection-spaces': () => [],
  }
}

/** Renders the whole app at `url` with a memory router, a fresh QueryClient and a mocked API. */
export async function renderApp(url: string, opts: RenderAppOptions = {}) {
  const role = opts.role === undefined ? 'admin' : opts.role
  const api = mockApi({ ...baseRoutes(role), ...opts.routes })
  const queryClient = createQueryClient()
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } })
  const router = createAppRouter(queryClient, createMemoryHistory({ initialEntries: [url] }))
  const i18n = createI18n(opts.language ?? 'en')
  const utils = render(
    <AppProvider queryClient={queryClient} i18n={i18n}>
      <RouterProvider router={router} />
    </AppProvider>,
  )
  await router.load()
  return { ...utils, router, queryClient, api, i18n }
}

/** Renders one component inside the providers and the notice area (no router) for focused component tests. */
export function renderWithProviders(ui: ReactElement, opts: { routes?: MockRoutes; role?: Role | null } = {}) {
  const role = opts.role === undefined ? 'admin' : opts.role
  const api = mockApi({ ...baseRoutes(role), ...opts.routes })
  const queryClient = createQueryClient()
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } })
  const i18n = createI18n('en')
  const utils = render(<AppProvider queryClient={queryClient} i18n={i18n}>{ui}<NoticeArea /></AppProvider>)
  return { ...utils, api, queryClient }
}

export { screen }
