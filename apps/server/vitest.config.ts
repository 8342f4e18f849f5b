import { defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

// Resolve sibling workspaces to their TypeScript sources, so tests never need a prior build.
export default defineConfig({
  resolve: { conditions: ['@canopy/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@canopy/source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20000,
  },
})
