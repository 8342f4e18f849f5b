import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router'
import { SqlConsole } from '../../features/sql/components/sql-console.js'

const api = getRouteApi('/authed/c/$cluster/sql')

function SqlPage() {
  const { cluster } = api.useParams()
  const { sql } = api.useSearch()
  const navigate = useNavigate({ from: '/c/$cluster/sql' })
  return <SqlConsole cluster={cluster} initialSql={sql} onSqlRun={(s) => void navigate({ search: { sql: s }, replace: true })} />
}

/** `/c/:cluster/sql?sql`. */
export const Route = createLazyRoute('/authed/c/$cluster/sql')({ component: SqlPage })
