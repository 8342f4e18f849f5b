import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { requestLog } from './request-log.js'

interface Line {
  level: number
  msg: string
  req: { method: string; url: string }
  res: { statusCode: number }
}

describe('request log', () => {
  it('logs a server error at error level, and a stream the client left at info, without the query string', async () => {
    const lines: Line[] = []
    const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l) as Line) })
    const app = express()
    app.use(requestLog(logger, (req) => req.url === '/quiet'))
    app.get('/boom', (_req, res) => {
      res.status(500).json({ code: 'INTERNAL_ERROR' })
    })
    app.get('/quiet', (_req, res) => {
      res.json({})
    })
    app.get('/stream', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(': hello\n\n')
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((r) => server.once('listening', r))
    const { port } = server.address() as AddressInfo
    try {
      await fetch(`http://127.0.0.1:${port}/boom?secret=1`)
      await fetch(`http://127.0.0.1:${port}/quiet`)
      await new Promise<void>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/stream' }, (res) => {
          res.once('data', () => {
            req.destroy()
            resolve()
          })
        })
      })
      await expect.poll(() => lines.length, { timeout: 5000 }).toBe(2)
      expect(lines[0]).toMatchObject({ level: 50, msg: 'request completed', req: { method: 'GET', url: '/boom' }, res: { statusCode: 500 } })
      expect(lines[1]).toMatchObject({ level: 30, msg: 'response closed by the client', req: { url: '/stream' } })
    } finally {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    }
  })
})
