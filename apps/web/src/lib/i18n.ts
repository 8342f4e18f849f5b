import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './locales/en.js'
import { zhCN } from './locales/zh-cn.js'

/** Languages the console speaks. */
export const Language = { en: 'en', zhCN: 'zh-CN' } as const
/** One of {@link Language}. */
export type Language = (typeof Language)[keyof typeof Language]

const KEY = 'canopy.lang'

function remembered(): Language {
  try {
    const v = localStorage.getItem(KEY)
    if (v === 'en' || v === 'zh-CN') return v
  } catch {
    // Storage unavailable: fall back to the browser's language.
  }
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

/** Creates and initialises an i18next instance (one per app, and one per test render). */
export function createI18n(lng: Language = remembered()): i18n {
  const inst = i18next.createInstance()
  void inst.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
    initAsync: false,
  })
  inst.on('languageChanged', (l) => {
    document.documentElement.lang = l
    try {
      localStorage.setItem(KEY, l)
    } catch {
      // Not remembered in private mode; still switched for this tab.
    }
  })
  return inst
}
