/**
 * Operations: the one place that turns an api-contract `OperationSpec` into an Express route and
 * that tells which operation a request addresses. The platform routes (`mountOperation`), the
 * cluster routes (`routes/cluster/mount.ts`), the audit log and the gates in front of the routes
 * all use it, so the documented path, the mounted path and the matched path cannot drift apart.
 */
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express'
import { toExpressPath } from '@canopy/api-contract'
import type { ApiRegistry, OperationSpec } from '@canopy/api-contract'
import type { z, ZodType } from 'zod'
import { ZodError } from 'zod'

/** The parsed type of an optional schema (undefined when the operation has none). */
export type Infer<T> = T extends ZodType ? z.output<T> : undefined

/** The parsed parts of a request, typed by the operation's schemas. */
export interface ParsedParts<S extends OperationSpec> {
  readonly params: Infer<S['params']>
  readonly query: Infer<S['query']>
  readonly body: Infer<S['body']>
}

/** What a handler receives: the parsed path parameters, query and body. */
export interface OperationInput<S extends OperationSpec> extends ParsedParts<S> {
  readonly req: Request
  readonly res: Response
}

/** Parses one part of a request; issues are reported under that part's name (`body`, `query`, `params`). */
function parsePart(schema: ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new ZodError(result.error.issues.map((i) => ({ ...i, path: [where, ...i.path] })))
}

/**
 * Parses params, query and body with the operation's schemas; a failure throws a ZodError whose
 * issue paths start with the part (`['body', 'name']`), which the error handler answers with 400.
 * `body` is what to parse as the body (callers may keep the field order of the raw text). A
 * streamed body (an operation with `requestContentType`: LOB uploads, imports) is left to the
 * handler and comes out undefined.
 */
export function parseParts<S extends OperationSpec>(spec: S, req: Request, body: unknown): ParsedParts<S> {
  return {
    params: parsePart(spec.params, req.params, 'params'),
    query: parsePart(spec.query, req.query, 'query'),
    body: spec.requestContentType === undefined ? parsePart(spec.body, body, 'body') : undefined,
  } as ParsedParts<S>
}

/**
 * The Express path of an operation on a router mounted at `mountedAt` (`''` for the app itself,
 * `'/api'` for a router under `app.use('/api', ...)`); spec paths always carry the full path.
 */
export function routePath(spec: Pick<OperationSpec, 'path'>, mountedAt = ''): string {
  const path = toExpressPath(spec.path)
  return mountedAt !== '' && path.startsWith(`${mountedAt}/`) ? path.slice(mountedAt.length) : path
}

/** The operation a request addresses, with its decoded path parameters. */
export interface OperationMatch {
  readonly spec: OperationSpec
  readonly params: Readonly<Record<string, string>>
}

interface CompiledOp {
  readonly method: string
  readonly pattern: RegExp
  readonly names: readonly string[]
  readonly spec: OperationSpec
}

// Same segments as Express 5 (path-to-regexp): a `:name` is one non-empty segment, a trailing slash is allowed.
function compile(spec: OperationSpec): CompiledOp {
  const names: string[] = []
  const source = toExpressPath(spec.path)
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        names.push(seg.slice(1))
        return '([^/]+)'
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('/')
  return { method: spec.method.toUpperCase(), pattern: new RegExp(`^${source}/?$`, 'i'), names, spec }
}

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/**
 * Finds the registered operation a request addresses, also for requests that are refused before
 * routing reaches them (audit rows, the session and password gates). Reads the registry lazily,
 * so operations registered after it is built are found too.
 */
export class OperationIndex {
  readonly #registry: ApiRegistry
  #compiled: readonly CompiledOp[] = []
  #compiledCount = -1
  readonly #byRequest = new WeakMap<RequestLine, OperationMatch | null>()

  constructor(registry: ApiRegistry) {
    this.#registry = registry
  }

  /** The operation for `method` and an absolute request path (no query string), or undefined. */
  match(method: string, path: string): OperationMatch | undefined {
    // Checked by count, so a request does not copy the whole registry to find its operation.
    if (this.#registry.size !== this.#compiledCount) {
      const ops = this.#registry.operations()
      this.#compiled = ops.map(compile)
      this.#compiledCount = ops.length
    }
    const upper = method.toUpperCase()
    for (const op of this.#compiled) {
      if (op.method !== upper) continue
      const m = op.pattern.exec(path)
      if (!m) continue
      const params: Record<string, string> = {}
      op.names.forEach((name, i) => {
        params[name] = decode(m[i + 1] ?? '')
      })
      return { spec: op.spec, params }
    }
    return undefined
  }

  /**
   * The operation a request addresses (by its original URL, so routers' mount points do not
   * matter). Remembered per request: the body parser, the gates and the audit row all ask.
   */
  matchRequest(req: RequestLine): OperationMatch | undefined {
    if (this.#byRequest.has(req)) return this.#byRequest.get(req) ?? undefined
    const match = this.match(req.method, requestPath(req))
    this.#byRequest.set(req, match ?? null)
    return match
  }
}

/** What of a request tells the operation it addresses. */
export type RequestLine = Pick<Request, 'method' | 'originalUrl'>

/** The absolute path of a request without its query string. */
export function requestPath(req: RequestLine): string {
  return req.originalUrl.split('?')[0] ?? req.originalUrl
}

/** How a route of one family mounts: where its router is mounted, what guards it, how it runs. */
export interface MountOptions<S extends OperationSpec> {
  readonly router: Router
  /** Adds the operation to the OpenAPI document (and so to the {@link OperationIndex}). */
  readonly register: (spec: OperationSpec) => void
  readonly guard: (role: OperationSpec['role']) => RequestHandler
  readonly spec: S
  /** Where `router` is mounted (see {@link routePath}). */
  readonly mountedAt?: string
  /** Handlers between the guard and the operation (rate limiters, ...). */
  readonly extra?: readonly RequestHandler[]
  /** Runs the operation; a rejection goes to `next`. */
  readonly run: (req: Request, res: Response, next: NextFunction) => Promise<void>
}

/**
 * Registers an operation and mounts it behind `guard(spec.role)` (unless it is public), so the
 * documented role and the enforced role cannot drift apart.
 */
export function mountSpec<S extends OperationSpec>(options: MountOptions<S>): void {
  const { router, spec, run } = options
  options.register(spec)
  const guards = spec.public === true ? [] : [options.guard(spec.role)]
  router[spec.method](routePath(spec, options.mountedAt), ...guards, ...(options.extra ?? []), (req: Request, res: Response, next: NextFunction) => {
    run(req, res, next).catch(next)
  })
}

/**
 * Mounts one platform operation on a router used at the app's root: registers it, guards it,
 * parses params/query/body with its schemas (400 on failure) and calls the handler.
 */
export function mountOperation<const S extends OperationSpec>(
  router: Router,
  registry: ApiRegistry,
  guard: (role: OperationSpec['role']) => RequestHandler,
  spec: S,
  handler: (input: OperationInput<S>) => unknown,
  extra: readonly RequestHandler[] = [],
): void {
  mountSpec({
    router,
    register: (s) => registry.add(s),
    guard,
    spec,
    extra,
    run: async (req, res) => {
      await handler({ req, res, ...parseParts(spec, req, req.body ?? {}) })
    },
  })
}

/** Mounts operations on a router with one registry and one guard (see {@link mountOperation}). */
export type OperationMounter = <const S extends OperationSpec>(
  router: Router,
  spec: S,
  handler: (input: OperationInput<S>) => unknown,
  extra?: readonly RequestHandler[],
) => void

/** Binds {@link mountOperation} to a registry and a guard. */
export function operationMounter(registry: ApiRegistry, guard: (role: OperationSpec['role']) => RequestHandler): OperationMounter {
  return (router, spec, handler, extra) => {
    mountOperation(router, registry, guard, spec, handler, extra)
  }
}
