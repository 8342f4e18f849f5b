import { ApiErrorCode } from '@canopy/api-contract'

/** An error that already knows its HTTP status and stable code; the error handler sends it as is. */
export class HttpError extends Error {
  override readonly name = 'HttpError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }

  /** 401: nobody is signed in. */
  static unauthenticated(message = 'Sign in first'): HttpError {
    return new HttpError(401, ApiErrorCode.unauthenticated, message)
  }

  /** 403: the signed-in user's role is too low. */
  static forbidden(message: string): HttpError {
    return new HttpError(403, ApiErrorCode.forbidden, message)
  }

  /** 404. */
  static notFound(message: string): HttpError {
    return new HttpError(404, ApiErrorCode.notFound, message)
  }

  /** 409. */
  static conflict(message: string): HttpError {
    return new HttpError(409, ApiErrorCode.conflict, message)
  }
}
