import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import express from 'express'
import type { RequestHandler } from 'express'

/**
 * Serves the built web app: hashed assets cached for a year, everything else falls back to
 * index.html so client-side routes survive a reload. Without a build it says how to make one.
 */
export function webApp(webDir: string): RequestHandler[] {
  const index = join(webDir, 'index.html')
  const statics = express.static(webDir, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.startsWith(join(webDir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  const fallback: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/') || req.path === '/api') return next()
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The web app is not built yet: run `npm run build -w @canopy/web` (or `npm start` from the repository root). The API is up under /api.')
      return
    }
    res.setHeader('cache-control', 'no-cache')
    res.sendFile(index)
  }
  return [statics, fallback]
}

/**
 * CSP hashes (`'sha256-...'`) of the inline scripts in the built index.html, so exactly those
 * scripts may run and no other inline script can; empty when there is no build.
 */
export function inlineScriptHashes(webDir: string): string[] {
  let html: string
  try {
    html = readFileSync(join(webDir, 'index.html'), 'utf8')
  } catch {
    return []
  }
  const hashes: string[] = []
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? ''
    const body = m[2] ?? ''
    if (/\bsrc\s*=/i.test(attrs) || body.length === 0) continue
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`)
  }
  return hashes
}
