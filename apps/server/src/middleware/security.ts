import helmet from 'helmet'
import type { RequestHandler } from 'express'

/**
 * helmet with a strict Content-Security-Policy for the SPA: scripts only from our own origin (no
 * inline scripts, no eval), no plugins, no framing. Inline *styles* stay allowed because the UI's
 * editor and graph components set style attributes and inject <style> at runtime; a style cannot
 * run code, so this keeps the script policy strict.
 */
export function securityHeaders(options: { https: boolean; scriptHashes?: readonly string[] }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Inline scripts of our own index.html are allowed by their exact hash, nothing else.
        scriptSrc: ["'self'", ...(options.scriptHashes ?? [])],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // HSTS over plain HTTP on loopback would only confuse browsers about 127.0.0.1.
    strictTransportSecurity: options.https,
    referrerPolicy: { policy: 'no-referrer' },
  })
}
