import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { CSRF_HEADER } from '@canopy/api-contract'
import type { SessionData, SessionStore } from '../store/session-store.js'

/** Name of the session cookie. */
export const SESSION_COOKIE = 'canopy.sid'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The console session of an /api request (signed in or not); set by sessionMiddleware. */
      session?: ConsoleSession
    }
  }
}

/** Options for {@link sessionMiddleware}. */
export interface SessionOptions {
  readonly store: SessionStore
  /** Send the cookie only over HTTPS. */
  readonly secureCookie: boolean
}

/** The value of one cookie in a Cookie header, without parsing the others. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  let at = 0
  while (at < header.length) {
    const end = header.indexOf(';', at)
    const pair = header.slice(at, end === -1 ? header.length : end).trim()
    if (pair.startsWith(name) && pair.charCodeAt(name.length) === 61 /* = */) return pair.slice(name.length + 1)
    if (end === -1) break
    at = end + 1
  }
  return undefined
}

/**
 * The session of one request: who is signed in, the CSRF token, sign-in and sign-out. The cookie
 * is HttpOnly, SameSite=Strict and holds only the session id (256 random bits).
 */
export class ConsoleSession {
  readonly #store: SessionStore
  readonly #res: Response
  readonly #secure: boolean
  #sid: string | undefined
  #data: SessionData | undefined

  constructor(store: SessionStore, res: Response, secure: boolean, sid: string | undefined, data: SessionData | undefined) {
    this.#store = store
    this.#res = res
    this.#secure = secure
    this.#sid = sid
    this.#data = data
  }

  /** The signed-in user's name and sign-in time, if any. */
  get user(): SessionData['user'] {
    return this.#data?.user
  }

  /** Sign in: always a fresh session id, so a planted cookie never becomes an authenticated one. */
  signIn(username: string): void {
    if (this.#sid !== undefined) this.#store.destroy(this.#sid)
    this.#data = { user: { username, signedInAt: new Date().toISOString() }, csrfToken: randomBytes(32).toString('base64url') }
    this.#sid = this.#store.create(this.#data)
    this.sendCookie()
  }

  /** Sign out: the session ends on the server and the browser drops the cookie. */
  signOut(): void {
    if (this.#sid !== undefined) this.#store.destroy(this.#sid)
    this.#sid = undefined
    this.#data = undefined
    this.#setCookie('', 'Thu, 01 Jan 1970 00:00:00 GMT')
  }

  /** The session's CSRF token (created on first use). */
  csrfToken(): string {
    if (this.#sid === undefined || this.#data === undefined) throw new Error('No session to hold a CSRF token')
    if (this.#data.csrfToken === undefined) {
      this.#data = { ...this.#data, csrfToken: randomBytes(32).toString('base64url') }
      this.#store.update(this.#sid, this.#data)
    }
    return this.#data.csrfToken!
  }

  /** True when the request carries this session's CSRF token in `x-csrf-token`. */
  csrfValid(req: Request): boolean {
    const sent = req.get(CSRF_HEADER)
    const expected = this.#data?.csrfToken
    if (sent === undefined || expected === undefined) return false
    const a = Buffer.from(sent)
    const b = Buffer.from(expected)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  /** (Re)sends the cookie with a full idle timeout ahead. */
  sendCookie(): void {
    if (this.#sid === undefined) return
    this.#setCookie(this.#sid, new Date(Date.now() + this.#store.idleMs).toUTCString())
  }

  #setCookie(value: string, expires: string): void {
    this.#res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${value}; Path=/; Expires=${expires}; HttpOnly; SameSite=Strict${this.#secure ? '; Secure' : ''}`)
  }
}

/**
 * Reads the request's session and renews its idle timeout. The browser gets a renewed cookie when
 * the stored expiry moves (at most once per renewal lag, see SessionStore), not on every answer.
 */
export function sessionMiddleware(options: SessionOptions): RequestHandler {
  const { store, secureCookie } = options
  return (req: Request, res: Response, next: NextFunction) => {
    const sid = cookieValue(req.headers.cookie, SESSION_COOKIE)
    const record = sid === undefined ? undefined : store.get(sid)
    const session = new ConsoleSession(store, res, secureCookie, record === undefined ? undefined : sid, record?.data)
    req.session = session
    if (record !== undefined && store.renew(sid!)) session.sendCookie()
    next()
  }
}
