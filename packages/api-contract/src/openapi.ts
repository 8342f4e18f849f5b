import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi'
import type { RouteConfig } from '@asteasolutions/zod-to-openapi'
import type { ZodObject, ZodType } from 'zod'
import type { Role } from './auth.js'
import { ErrorBodySchema } from './errors.js'

/** HTTP methods an operation may use. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** Methods that never change state; everything else must carry the CSRF token and is audited. */
export const SAFE_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS']

/**
 * One REST operation as the server mounts it and the OpenAPI document describes it.
 * `path` uses OpenAPI style (`/api/users/{username}`).
 */
export interface OperationSpec {
  readonly method: HttpMethod
  readonly path: string
  /** The least role that may call it (`x-required-role`). */
  readonly role: Role
  /** True for the few operations that need no session (login, health, the OpenAPI document). */
  readonly public?: boolean
  readonly summary: string
  /** Audit action name (e.g. `users.create`); the operationId when absent. */
  readonly action?: string
  /**
   * A POST that only reads (a query, a count, an explain): it still needs the CSRF token, but an
   * allowed call is not audited, since it changes nothing (a refused one still is).
   * Shown as `x-read-only: true`.
   */
  readonly readOnly?: boolean
  /**
   * May be called while the signed-in user must still replace a one-time password (the session,
   * the password change, logout); every other operation then answers 403 PASSWORD_CHANGE_REQUIRED.
   * Shown as `x-before-password-change: true`.
   */
  readonly beforePasswordChange?: boolean
  readonly tags?: readonly string[]
  readonly params?: ZodObject
  readonly query?: ZodObject
  readonly body?: ZodType
  readonly response?: ZodType
  /** Success status; 200 unless given. */
  readonly responseStatus?: number
  /** Media type of the response (streams, files); `application/json` unless given. */
  readonly contentType?: string
  /** Media type of the request body; `application/json` unless given. */
  readonly requestContentType?: string
}

/** Basic facts for the OpenAPI document's `info`. */
export interface OpenApiInfo {
  readonly title: string
  readonly version: string
  readonly description?: string
}

/** The OpenAPI 3.1 document, as plain JSON. */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorBodySchema } },
})

/**
 * Collects every operation of the API; the server registers each route here as it mounts it and
 * serves the generated document at `/api/openapi.json`.
 */
export class ApiRegistry {
  readonly #ops = new Map<string, OperationSpec>()

  /** Registers an operation; registering the same method and path twice keeps the last one. */
  add(spec: OperationSpec): void {
    this.#ops.set(`${spec.method} ${spec.path}`, spec)
  }

  /** How many operations are registered (cheap: no copy of the list). */
  get size(): number {
    return this.#ops.size
  }

  /** Every registered operation, in registration order. */
  operations(): OperationSpec[] {
    return [...this.#ops.values()]
  }

  /** Builds the OpenAPI 3.1 document; every operation carries `x-required-role`. */
  openApiDocument(info: OpenApiInfo): OpenApiDocument {
    const registry = new OpenAPIRegistry()
    registry.registerComponent('securitySchemes', 'session', {
      type: 'apiKey',
      in: 'cookie',
      name: 'canopy.sid',
      description: 'Session cookie set by POST /api/auth/login',
    })
    registry.registerComponent('securitySchemes', 'csrf', {
      type: 'apiKey',
      in: 'header',
      name: 'x-csrf-token',
      description: 'Token from GET /api/auth/session; required on every state-changing request',
    })
    for (const op of this.#ops.values()) {
      const stateChanging = op.method !== 'get'
      const status = String(op.responseStatus ?? 200)
      const responses: RouteConfig['responses'] = {
        [status]: op.response
          ? { description: 'Success', content: { [op.contentType ?? 'application/json']: { schema: op.response } } }
          : op.contentType
            ? { description: 'Success', content: { [op.contentType]: { schema: { type: 'string' } } } }
            : { description: 'Success' },
        '400': errorResponse('Invalid request (code VALIDATION_ERROR, details.issues name the fields)'),
      }
      if (!op.public) {
        responses['401'] = errorResponse('Not signed in (UNAUTHENTICATED)')
        const oneTime = op.beforePasswordChange === true ? '' : ', or a one-time password to change first (PASSWORD_CHANGE_REQUIRED)'
        responses['403'] = errorResponse(`${stateChanging ? 'Role too low (FORBIDDEN) or CSRF token missing (CSRF_INVALID)' : 'Role too low (FORBIDDEN)'}${oneTime}`)
      }
      const request: NonNullable<RouteConfig['request']> = {}
      if (op.params) request.params = op.params
      if (op.query) request.query = op.query
      if (op.body) {
        request.body = { required: true, content: { [op.requestContentType ?? 'application/json']: { schema: op.body } } }
      } else if (op.requestContentType) {
        request.body = { required: true, content: { [op.requestContentType]: { schema: { type: 'string', format: 'binary' } } } }
      }
      registry.registerPath({
        method: op.method,
        path: op.path,
        summary: op.summary,
        operationId: operationId(op),
        tags: op.tags ? [...op.tags] : [],
        security: op.public ? [] : stateChanging ? [{ session: [], csrf: [] }] : [{ session: [] }],
        request,
        responses,
        'x-required-role': op.role,
        ...(op.public ? { 'x-public': true } : {}),
        ...(op.readOnly === true ? { 'x-read-only': true } : {}),
        ...(op.beforePasswordChange === true ? { 'x-before-password-change': true } : {}),
      })
    }
    const generator = new OpenApiGeneratorV31(registry.definitions)
    return generator.generateDocument({
      openapi: '3.1.0',
      info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
      servers: [{ url: '/' }],
    })
  }
}

/** A stable operationId derived from method and path: `post /api/users/{username}` -> `postApiUsersByUsername`. */
export function operationId(op: Pick<OperationSpec, 'method' | 'path'>): string {
  const parts = op.path
    .split('/')
    .filter((p) => p.length > 0)
    .map((p) => {
      const param = /^\{(.+)\}$/.exec(p)
      const word = (param ? `by-${param[1] ?? ''}` : p).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))
      return word.charAt(0).toUpperCase() + word.slice(1)
    })
  return op.method + parts.join('')
}

/** Converts an OpenAPI path (`/users/{username}`) to an Express path (`/users/:username`). */
export function toExpressPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1')
}
