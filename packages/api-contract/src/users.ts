import { z } from 'zod'
import { NewPasswordSchema, RoleSchema, UsernameSchema } from './auth.js'

/** A console user as listed by GET /api/users. */
export const UserSchema = z
  .object({
    username: z.string(),
    role: RoleSchema,
    mustChangePassword: z.boolean().optional().describe('True while the user has a one-time password to change at the next sign-in'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'User' })

/** A console user. */
export type User = z.infer<typeof UserSchema>

/** GET /api/users answer. */
export const UserListSchema = z.object({ users: z.array(UserSchema) }).meta({ id: 'UserList' })

/** User list. */
export type UserList = z.infer<typeof UserListSchema>

/** Admin-set passwords may be one-time: the user must then change it at the next sign-in. */
const MustChangePasswordSchema = z.boolean().optional().describe('Make the given password one-time: the user must change it at the next sign-in')

/** POST /api/users body. */
export const CreateUserRequestSchema = z
  .object({ username: UsernameSchema, password: NewPasswordSchema, role: RoleSchema, mustChangePassword: MustChangePasswordSchema })
  .strict()
  .meta({ id: 'CreateUserRequest' })

/** Create-user body. */
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>

/**
 * PATCH /api/users/:username body: at least one of role, password, mustChangePassword. A new
 * password clears the one-time flag unless `mustChangePassword: true` comes with it (a reset the
 * user must replace); `mustChangePassword` alone flags or unflags the current password.
 */
export const UpdateUserRequestSchema = z
  .object({ role: RoleSchema.optional(), password: NewPasswordSchema.optional(), mustChangePassword: MustChangePasswordSchema })
  .strict()
  .refine((v) => v.role !== undefined || v.password !== undefined || v.mustChangePassword !== undefined, { error: 'Give a role, a password or mustChangePassword' })
  .meta({ id: 'UpdateUserRequest' })

/** Update-user body. */
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>

/** Path parameters naming a user. */
export const UsernameParamsSchema = z.object({ username: UsernameSchema })
