import type { AuditPage } from '@canopy/api-contract'
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { queryKeys } from '../../../lib/query-keys.js'

/** Pages of the audit log, newest first, filtered by actor and action. */
export const auditQueryOptions = (actor: string | undefined, action: string | undefined) =>
  infiniteQueryOptions({
    queryKey: [...queryKeys.audit(), actor ?? null, action ?? null],
    queryFn: ({ pageParam, signal }) => apiFetch<AuditPage>('/audit', { query: { limit: 100, before: pageParam, actor, action }, signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore,
  })

/** The audit log. */
export function useAudit(actor: string | undefined, action: string | undefined) {
  return useInfiniteQuery(auditQueryOptions(actor, action))
}
