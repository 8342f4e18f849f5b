import { type QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { i18n } from 'i18next'
import type { ReactNode } from 'react'
import { I18nextProvider } from 'react-i18next'
import { NoticeProvider } from '../lib/notices.js'
import { ThemeProvider } from '../lib/theme.js'

/** Everything a page needs around it: server-state cache, translations, theme and notices. */
export function AppProvider({ queryClient, i18n, children }: { queryClient: QueryClient; i18n: i18n; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={i18n}>
        <ThemeProvider>
          <NoticeProvider>{children}</NoticeProvider>
        </ThemeProvider>
      </I18nextProvider>
    </QueryClientProvider>
  )
}
