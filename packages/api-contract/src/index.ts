/**
 * Canopy's API contract: zod schemas for every request, response and error body, shared by the
 * server (validation, OpenAPI) and the web app (types, forms). Documents travel as typed JSON
 * (see typed-json.ts).
 */
export * from './errors.js'
export * from './typed-json.js'
export * from './auth.js'
export * from './users.js'
export * from './openapi.js'
export * from './cluster/index.js'
export * from './audit.js'
export * from './saved-queries.js'
export * from './health.js'
