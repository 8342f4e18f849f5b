import type { ReactNode } from 'react'
import { type Role, useSession } from './auth.js'
import { type Permission, permissions } from './permissions.js'

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 }

/** True when `role` is at least `least` (viewer < operator < admin). */
export function hasRole(role: Role | undefined, least: Role): boolean {
  return role !== undefined && rank[role] >= rank[least]
}

/** Whether the signed-in user may perform operations needing `least`. */
export function useCan(least: Role): boolean {
  const { data } = useSession()
  return hasRole(data?.user.role, least)
}

/** Renders `children` only for users with at least role `least` (else `fallback`). */
export function Authorization({ least, children, fallback = null }: { least: Role; children: ReactNode; fallback?: ReactNode }) {
  return useCan(least) ? children : fallback
}

/** Whether the signed-in user may perform `action` (see {@link permissions}). */
export function usePermission(action: Permission): boolean {
  return useCan(permissions[action])
}
