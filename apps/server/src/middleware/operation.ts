import type { NextFunction, Request, RequestHandler, Response, Router } from 'express'
import { toExpressPath } from '@canopy/api-contract'
import type { ApiRegistry, OperationSpec } from '@canopy/api-contract'
import type { z, ZodType } from 'zod'
import { ZodError } from 'zod'

type Infer<T> = T extends ZodType ? z.output<T> : undefined

/** What a handler receives: the parsed path parameters, query and body. */
export interface OperationInput<S extends OperationSpec> {
  readonly req: Request
  readonly res: Response
  readonly params: Infer<S['params']>
  readonly query: Infer<S['query']>
  readonly body: Infer<S['body']>
}

/** Parses one part of a request; issues are reported under that part's name (`body`, `query`, `params`). */
function parsePart(schema: ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new ZodError(result.error.issues.map((i) => ({ ...i, path: [where, ...i.path] })))
}

/**
 * Mounts one operation: registers it in the OpenAPI registry, guards it with `guard(spec.role)`
 * unless it is public, parses params/query/body with its schemas (400 on failure) and calls the
 * handler. The documented role and the enforced role therefore cannot drift apart.
 */
export function mountOperation<const S extends OperationSpec>(
  router: Router,
  registry: ApiRegistry,
  guard: (role: OperationSpec['role']) => RequestHandler,
  spec: S,
  handler: (input: OperationInput<S>) => unknown,
  extra: readonly RequestHandler[] = [],
): void {
  registry.add(spec)
  const run = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const input = {
        req,
        res,
        params: parsePart(spec.params, req.params, 'params'),
        query: parsePart(spec.query, req.query, 'query'),
        body: parsePart(spec.body, req.body ?? {}, 'body'),
      } as OperationInput<S>
      await handler(input)
    } catch (err) {
      next(err)
    }
  }
  const guards = spec.public ? [] : [guard(spec.role)]
  router[spec.method](toExpressPath(spec.path), ...guards, ...extra, (req: Request, res: Response, next: NextFunction) => {
    void run(req, res, next)
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
