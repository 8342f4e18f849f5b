import { z } from 'zod'
import { NewPasswordSchema, RoleSchema, UsernameSchema } from './auth.js'

/** A console user as listed by GET /api/users. */
export const UserSchema = z
  .object({
    username: z.string(),
    role: RoleSchema,
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

/** POST /api/users body. */
export const CreateUserRequestSchema = z
  .object({ username: UsernameSchema, password: NewPasswordSchema, role: RoleSchema })
  .strict()
  .meta({ id: 'CreateUserRequest' })

/** Create-user body. */
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>

/** PATCH /api/users/:username body: at least one of role, password. */
export const UpdateUserRequestSchema = z
  .object({ role: RoleSchema.optional(), password: NewPasswordSchema.optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.password !== undefined, { error: 'Give a role or a password' })
  .meta({ id: 'UpdateUserRequest' })

/** Update-user body. */
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>

/** Path parameters naming a user. */
export const UsernameParamsSchema = z.object({ username: UsernameSchema })
