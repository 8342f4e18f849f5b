import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { Logger } from 'pino'

/**
 * One log line per finished request: method, path (never the query string), client address,
 * status and time taken. Never cookies, headers, CSRF tokens or bodies (passwords). A server
 * error logs at `error`, a request the client abandoned before its answer at `warn`, the rest
 * at `info`.
 */
export function requestLog(logger: Logger, skip: (req: Request) => boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (skip(req) || !logger.isLevelEnabled('error')) return next()
    const started = performance.now()
    res.once('close', () => {
      const finished = res.writableFinished
      // A client leaving a stream it was being sent (the event stream, a download) is routine; one
      // leaving before any answer is worth a warning.
      const abandoned = !finished && !res.headersSent
      const level = abandoned ? 'warn' : res.statusCode >= 500 ? 'error' : 'info'
      const line = {
        req: { method: req.method, url: req.originalUrl.split('?')[0], remoteAddress: req.socket.remoteAddress },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
      }
      logger[level](line, finished ? 'request completed' : abandoned ? 'request aborted' : 'response closed by the client')
    })
    next()
  }
}
