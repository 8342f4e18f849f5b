/**
 * Cluster API contract: request, response and event schemas for everything under
 * `/api/clusters`. Documents travel as typed JSON (docs/architecture.md §1).
 */
export * from './clusters.js'
export * from './topology.js'
export * from './data.js'
export * from './params.js'
