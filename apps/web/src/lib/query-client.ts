import { QueryClient } from '@tanstack/react-query'
import { ApiError } from './api-client.js'

/** Creates the app's QueryClient: no retries on 4xx answers, which would only repeat the refusal. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  })
}
