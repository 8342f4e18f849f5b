import { Outlet, useLocation, useNavigate, useParams } from '@tanstack/react-router'
import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AppShell, type NavItem } from '../../components/layout/app-shell.js'
import { Breadcrumbs, type Crumb } from '../../components/layout/breadcrumbs.js'
import { type Command, CommandPalette } from '../../components/layout/command-palette.js'
import { UserMenu } from '../../features/auth/components/user-menu.js'
import { ClusterSwitcher } from '../../features/clusters/components/cluster-switcher.js'
import { useCollectionSpaces } from '../../features/collection-spaces/api/get-collection-spaces.js'
import { CollectionTree, TREE_FILTER_ID } from '../../features/collection-spaces/components/collection-tree.js'
import { usePasswordChangeWatch } from '../../lib/auth.js'
import { usePermission } from '../../lib/authorization.js'
import { useShortcut } from '../../lib/shortcuts.js'

/** The signed-in frame around every page: composes the shell from the features. */
export function AuthedLayout() {
  const { t } = useTranslation()
  const params = useParams({ strict: false })
  const cluster = params.cluster ?? 'embedded'
  const { cs, cl } = params
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const isAdmin = usePermission('viewAudit')
  const [paletteOpen, setPaletteOpen] = useState(false)
  const spaces = useCollectionSpaces(cluster)

  // An admin may make this user's password one-time while the console is open: go to the password page.
  usePasswordChangeWatch(useCallback(() => void navigate({ to: '/change-password', search: { redirect: pathname } }), [navigate, pathname]))
  useShortcut('mod+k', () => setPaletteOpen(true))
  useShortcut('/', () => document.getElementById(TREE_FILTER_ID)?.focus())

  const nav: NavItem[] = [
    { to: '/c/$cluster/topology', params: { cluster }, label: t('nav.topology'), testId: 'nav-topology' },
    { to: '/c/$cluster/data', params: { cluster }, label: t('nav.data'), testId: 'nav-data' },
    { to: '/c/$cluster/monitoring', params: { cluster }, label: t('nav.monitoring'), testId: 'nav-monitoring' },
    { to: '/c/$cluster/sql', params: { cluster }, label: t('nav.sql'), testId: 'nav-sql' },
    ...(isAdmin ? [
      { to: '/admin/audit', label: t('nav.audit'), testId: 'nav-audit' },
      { to: '/admin/users', label: t('nav.users'), testId: 'nav-users' },
    ] : []),
  ]

  const section = pathname.split('/')[3]
  const crumbs: Crumb[] = pathname.startsWith('/admin')
    ? [{ label: pathname.endsWith('users') ? t('nav.users') : t('nav.audit') }]
    : [
        { label: cluster, to: '/c/$cluster/topology', params: { cluster } },
        { label: t(`nav.${section === 'data' || section === 'monitoring' || section === 'sql' ? section : 'topology'}`), to: `/c/$cluster/${section ?? 'topology'}`, params: { cluster } },
        ...(cs === undefined ? [] : [{ label: cs, to: '/c/$cluster/data/$cs', params: { cluster, cs } }]),
        ...(cs === undefined || cl === undefined ? [] : [{ label: cl }]),
      ]

  // nav is rebuilt each render from the same inputs the memo lists.
  const commands = useMemo<Command[]>(() => {
    const go = (to: string, p: Record<string, string> = { cluster }) => () => void navigate({ to, params: p })
    const pages: Command[] = nav.map((n) => ({ id: n.testId, label: n.label, group: t('nav.main'), run: go(n.to, n.params) }))
    const colls: Command[] = (spaces.data ?? []).flatMap((s) => [
      { id: `cs-${s.name}`, label: s.name, group: t('data.collectionSpaces'), run: go('/c/$cluster/data/$cs', { cluster, cs: s.name }) },
      ...s.collections.map((c) => ({ id: `cl-${s.name}.${c}`, label: `${s.name}.${c}`, group: t('data.collections'), run: go('/c/$cluster/data/$cs/$cl', { cluster, cs: s.name, cl: c }) })),
    ])
    return [...pages, ...colls]
  }, [cluster, spaces.data, isAdmin, t, navigate])

  return (
    <AppShell
      clusterSwitcher={<ClusterSwitcher value={cluster} onChange={(c) => void navigate({ to: '/c/$cluster/topology', params: { cluster: c } })} />}
      nav={nav}
      userMenu={<UserMenu onLoggedOut={() => void navigate({ to: '/login', search: {} })} />}
      tree={<CollectionTree key={cluster} cluster={cluster} selectedCs={cs} selectedCl={cl} />}
      breadcrumbs={<Breadcrumbs items={crumbs} />}
    >
      <Outlet />
      <CommandPalette open={paletteOpen} onOpenChange={setPaletteOpen} commands={commands} />
    </AppShell>
  )
}
