/**
 * The cluster services' entry point for main.ts: `createClusterRegistry` over the real driver.
 */
import { ClusterRegistry } from './cluster-registry.js'
import type { ClusterRegistryOptions } from './cluster-registry.js'
import { connectDriver } from './driver-adapter.js'

export { ClusterRegistry } from './cluster-registry.js'
export type { ClusterLogger, ClusterRegistryOptions } from './cluster-registry.js'
export type { ClusterConfig } from './sdb-port.js'

/**
 * The registry of configured clusters, each reached through `@canopy/sdb-client` (pass
 * `connect` to replace the driver, e.g. in tests). Nothing connects until the first request.
 */
export function createClusterRegistry(options: ClusterRegistryOptions): ClusterRegistry {
  return new ClusterRegistry({ ...options, connect: options.connect ?? connectDriver })
}
