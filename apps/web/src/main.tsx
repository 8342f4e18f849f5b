import { RouterProvider } from '@tanstack/react-router'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { AppProvider } from './app/provider.js'
import { createAppRouter } from './app/router.js'
import { createI18n } from './lib/i18n.js'
import { createQueryClient } from './lib/query-client.js'
import './index.css'

const queryClient = createQueryClient()
const router = createAppRouter(queryClient)
const i18n = createI18n()
document.documentElement.lang = i18n.language

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProvider queryClient={queryClient} i18n={i18n}>
      <RouterProvider router={router} />
    </AppProvider>
  </StrictMode>,
)
