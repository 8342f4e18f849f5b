import { z } from 'zod'

/** Console roles, least to most powerful. */
export const Role = {
  viewer: 'viewer',
  operator: 'operator',
  admin: 'admin',
} as const

/** One of the console roles. */
export type Role = (typeof Role)[keyof typeof Role]

/** The roles in order of power; a role may do everything the roles before it may. */
export const roleOrder: readonly Role[] = [Role.viewer, Role.operator, Role.admin]

/** True when `held` is at least as powerful as `needed`. */
export function roleAtLeast(held: Role, needed: Role): boolean {
  return roleOrder.indexOf(held) >= roleOrder.indexOf(needed)
}

/** zod schema of a role. */
export const RoleSchema = z.enum([Role.viewer, Role.operator, Role.admin]).meta({ id: 'Role' })

/** Console user names: letters, digits and `._-`, 1..64 characters. */
export const UsernameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits, ".", "_" or "-"')

/** A new password: 12..256 characters. */
export const NewPasswordSchema = z.string().min(12, 'Use at least 12 characters').max(256)

/** POST /api/auth/login body. */
export const LoginRequestSchema = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .strict()
  .meta({ id: 'LoginRequest' })

/** Login body. */
export type LoginRequest = z.infer<typeof LoginRequestSchema>

/** The signed-in user as the API shows it. */
export const SessionUserSchema = z
  .object({ username: z.string(), role: RoleSchema })
  .meta({ id: 'SessionUser' })

/** The signed-in user. */
export type SessionUser = z.infer<typeof SessionUserSchema>

/**
 * GET /api/auth/session (and POST /api/auth/login) answer: the user, the CSRF token that every
 * state-changing request must send in the `x-csrf-token` header, and whether the user must choose a
 * new password before anything else (see {@link PASSWORD_CHANGE_REQUIRED}).
 */
export const SessionResponseSchema = z
  .object({
    user: SessionUserSchema,
    csrfToken: z.string(),
    mustChangePassword: z
      .boolean()
      .describe('True while the password is a one-time one (first admin, or an admin reset): only the session, POST /api/auth/password and logout answer until it is changed'),
  })
  .meta({ id: 'SessionResponse' })

/** Session answer. */
export type SessionResponse = z.infer<typeof SessionResponseSchema>

/** The header that carries the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token'

/**
 * POST /api/auth/password body: a signed-in user changes their own password. The new one must
 * differ from the current one (checked on the server, which alone knows the current one is right).
 */
export const ChangePasswordRequestSchema = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: NewPasswordSchema })
  .strict()
  .refine((v) => v.newPassword !== v.currentPassword, { error: 'Choose a password that differs from the current one', path: ['newPassword'] })
  .meta({ id: 'ChangePasswordRequest' })

/** Change-password body. */
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>

/**
 * Error code of the 403 that every API call except the session, POST /api/auth/password and logout
 * answers while the signed-in user still has a one-time password.
 */
export const PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED'
