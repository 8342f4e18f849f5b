import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { QueryRequest } from '../protocol/index.js'
import { ListOperation, ListType, ResetSnapshotOperation, SnapshotOperation, SnapshotType } from './monitoring-operations.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const contractPath = process.env['CANOPY_WIRE_CONTRACT'] ?? path.resolve(here, '../../../../../shared/protocol/sequoiadb-wire-protocol.md')

/** Every `$list ...` / `$snapshot ...` command string of contract §10.5. */
function contractCommands(): string[] {
  const text = readFileSync(contractPath, 'utf8')
  const section = text.slice(text.indexOf('### 10.5 Lists and snapshots'), text.indexOf('### 10.6 '))
  const found = new Set<string>()
  for (const match of section.matchAll(/\| `\$((?:list|snapshot) [a-z ]+)`/g)) found.add(match[1]!)
  return [...found]
}

const session = { authVersion: 0 }

describe('lists and snapshots', () => {
  it('offer every list and snapshot type of contract §10.5', () => {
    const ours = new Set<string>([...Object.values(ListType), ...Object.values(SnapshotType)])
    const wanted = contractCommands().filter((c) => c !== 'snapshot reset')
    expect(wanted.length).toBeGreaterThan(40)
    expect(wanted.filter((c) => !ours.has(c))).toEqual([])
  })

  it('send the C driver numbers: WITH_RETURNDATA|CLOSE_EOF_CTX, skip 0, limit -1, the four slots', () => {
    const request = new ListOperation('groups', { condition: { GroupName: 'g' }, selector: { GroupName: '' }, orderBy: { GroupID: 1 } }).buildRequest(session) as QueryRequest
    expect(request).toMatchObject({ name: '$list groups', flags: 0x80200, numToSkip: 0, numToReturn: -1, condition: { GroupName: 'g' }, selector: { GroupName: '' }, orderBy: { GroupID: 1 }, hint: {} })
    const snapshot = new SnapshotOperation('configs', { hint: { $Options: { mode: 'local' } }, limit: 10 }).buildRequest(session) as QueryRequest
    expect(snapshot).toMatchObject({ name: '$snapshot configs', numToReturn: 10, hint: { $Options: { mode: 'local' } } })
    const reset = new ResetSnapshotOperation({ Type: 'sessions' }).buildRequest(session) as QueryRequest
    expect(reset).toMatchObject({ name: '$snapshot reset', flags: 0, numToSkip: -1, numToReturn: -1, condition: { Type: 'sessions' } })
  })
})
