import type { SqlRequest } from '@canopy/sdb-client/protocol'
import { SdbFault } from '../engine/fault.js'
import type { HandlerEnv, HandlerResult } from './types.js'

/** SQL (2003): select opens a context read with getMore; other statements answer at once. */
export function handleSql(_env: HandlerEnv, req: SqlRequest): HandlerResult {
  if (req.sql.trim() === '') throw new SdbFault(-195, 'Empty SQL statement')
  throw new SdbFault(-32, 'SQL is not available in this build of the emulator')
}
