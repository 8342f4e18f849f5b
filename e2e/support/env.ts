/** Settings shared by the Playwright config and the journeys. */
export const e2ePort = Number(process.env.CANOPY_E2E_PORT ?? 18080)
export const adminUser = { username: 'admin', password: 'e2e-admin-password' } as const
