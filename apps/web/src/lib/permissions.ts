import type { Role } from '@canopy/api-contract'

/**
 * The least role for each action the UI offers, mirroring the server's `x-required-role`.
 * One table, so aligning with the server's OpenAPI document is one edit. The server enforces
 * these anyway; the UI only hides what would be refused.
 */
export const permissions = {
  controlNode: 'operator',
  manageGroups: 'admin',
  manageCollectionSpaces: 'admin',
  manageCollections: 'admin',
  manageIndexes: 'admin',
  writeDocuments: 'operator',
  manageLobs: 'operator',
  killSession: 'admin',
  runSql: 'operator',
  viewAudit: 'admin',
  manageUsers: 'admin',
} as const satisfies Record<string, Role>

/** One of the actions in {@link permissions}. */
export type Permission = keyof typeof permissions
