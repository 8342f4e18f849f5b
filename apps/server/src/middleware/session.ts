import session from 'express-session'
import type { RequestHandler } from 'express'
import type { SqliteSessionStore } from '../store/index.js'

declare module 'express-session' {
  interface SessionData {
    /** The signed-in user's name; the role is read from the store on every request. */
    user?: { username: string; signedInAt: string }
  }
}

/** Name of the session cookie. */
export const SESSION_COOKIE = 'canopy.sid'

/** Options for {@link sessionMiddleware}. */
export interface SessionOptions {
  readonly store: SqliteSessionStore
  readonly secret: string
  /** Sessions end after this long without a request. */
  readonly idleMs: number
  /** Send the cookie only over HTTPS. */
  readonly secureCookie: boolean
}

/** HttpOnly, SameSite=Strict session cookie with an idle timeout that every request renews. */
export function sessionMiddleware(options: SessionOptions): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store: options.store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    cookie: { httpOnly: true, sameSite: 'strict', secure: options.secureCookie, maxAge: options.idleMs, path: '/' },
  })
}
