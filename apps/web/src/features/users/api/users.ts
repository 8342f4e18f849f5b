import type { CreateUserRequest, UpdateUserRequest, User, UserList } from '@canopy/api-contract'
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { queryKeys } from '../../../lib/query-keys.js'

/** Query options of the console's users. */
export const usersQueryOptions = () => queryOptions({ queryKey: queryKeys.users(), queryFn: async ({ signal }) => (await apiFetch<UserList>('/users', { signal })).users })

/** The console's users (admins). */
export function useUsers() {
  return useQuery(usersQueryOptions())
}

/** Creates, updates and deletes users. */
export function useUserMutations() {
  const qc = useQueryClient()
  const invalidate = () => qc.invalidateQueries({ queryKey: queryKeys.users() })
  return {
    create: useMutation({ mutationFn: (body: CreateUserRequest) => apiFetch<User>('/users', { method: 'POST', body }), onSuccess: invalidate }),
    update: useMutation({ mutationFn: ({ username, body }: { username: string; body: UpdateUserRequest }) => apiFetch<User>(`/users/${encodeURIComponent(username)}`, { method: 'PATCH', body }), onSuccess: invalidate }),
    remove: useMutation({ mutationFn: (username: string) => apiFetch(`/users/${encodeURIComponent(username)}`, { method: 'DELETE' }), onSuccess: invalidate }),
  }
}
