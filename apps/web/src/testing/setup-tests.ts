import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { afterEach, vi } from 'vitest'

// The suite runs beside every other package's tests on two cores: the default 1 s for
// findBy*/waitFor measures the machine's load, not the app. What a user waits for is bounded here.
configure({ asyncUtilTimeout: 10_000 })

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  localStorage.clear()
})
