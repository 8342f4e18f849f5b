import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { ApiError, apiFetch, setCsrfToken } from './api-client.js'

import type { ChangePasswordRequest, LoginRequest, Role, SessionResponse } from '@canopy/api-contract'

/** A console role (viewer < operator < admin). */
export type { Role }

/** Body of `GET /api/auth/session`. */
export type Session = SessionResponse

/** Query keys of the auth state. */
export const authKeys = {
  all: ['auth'] as const,
  session: () => [...authKeys.all, 'session'] as const,
}

/** Fetches the session; resolves `null` when nobody is signed in (401). */
export async function getSession(): Promise<Session | null> {
  try {
    const s = await apiFetch<Session>('/auth/session')
    setCsrfToken(s.csrfToken)
    return s
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null)
      return null
    }
    throw err
  }
}

/** Query options for the current session. */
export const sessionQueryOptions = () => queryOptions({ queryKey: authKeys.session(), queryFn: getSession, staleTime: 60_000 })

/** The current session (null when signed out). */
export function useSession() {
  return useQuery(sessionQueryOptions())
}

/** Credentials for {@link useLogin}. */
export type LoginInput = LoginRequest

/** Signs in, then reloads the session (which carries the CSRF token). */
export function useLogin() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (input: LoginInput) => {
      await apiFetch<unknown>('/auth/login', { method: 'POST', body: input })
      return qc.query({ ...sessionQueryOptions(), staleTime: 0 })
    },
  })
}

/** Signs out and forgets every cached answer, so the next user sees nothing of this one's data. */
export function useLogout() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () => apiFetch<unknown>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null)
      qc.clear()
      qc.setQueryData(authKeys.session(), null)
    },
  })
}

/** True while the signed-in user holds a one-time password and must choose their own first. */
export function mustChangePassword(session: Session | null | undefined): boolean {
  return session?.mustChangePassword === true
}

/** Body of {@link useChangePassword}. */
export type ChangePasswordInput = ChangePasswordRequest

/**
 * Changes the signed-in user's password. The server answers a fresh session (new cookie, new CSRF
 * token, no one-time flag), which replaces the cached one so the console opens at once.
 */
export function useChangePassword() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (input: ChangePasswordInput) => apiFetch<Session>('/auth/password', { method: 'POST', body: input }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken)
      qc.setQueryData(authKeys.session(), session)
    },
  })
}

/** The server's answer to every other call while a one-time password is still to be changed. */
export const PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED'

const isPasswordChangeRequired = (err: unknown) => err instanceof ApiError && err.status === 403 && err.code === PASSWORD_CHANGE_REQUIRED

/**
 * Watches every query and mutation for 403 PASSWORD_CHANGE_REQUIRED (an admin made the password
 * one-time while this session was open): marks the cached session as held and calls `onRequired`,
 * so the console moves to the password page instead of showing refusals.
 */
export function usePasswordChangeWatch(onRequired: () => void): void {
  const qc = useQueryClient()
  useEffect(() => {
    const held = (err: unknown) => {
      if (!isPasswordChangeRequired(err)) return
      qc.setQueryData<Session | null>(authKeys.session(), (s) => (s == null ? s : { ...s, mustChangePassword: true }))
      onRequired()
    }
    const offQueries = qc.getQueryCache().subscribe((e) => {
      if (e.type === 'updated' && e.action.type === 'error') held(e.action.error)
    })
    const offMutations = qc.getMutationCache().subscribe((e) => {
      if (e.type === 'updated' && e.action.type === 'error') held(e.action.error)
    })
    return () => {
      offQueries()
      offMutations()
    }
  }, [qc, onRequired])
}
