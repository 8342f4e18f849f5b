import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  errorByCode,
  errorByName,
  errorCodes,
  SdbApiError,
  SdbError,
  SdbNetworkError,
  SdbProtocolError,
  SdbServerError,
  SdbTimeoutError,
} from './errors.js'

const contract = readFileSync(new URL('../../../../shared/protocol/sequoiadb-wire-protocol.md', import.meta.url), 'utf8')

describe('error table', () => {
  it('has every code from 0 to -412 exactly once', () => {
    expect(errorCodes.length).toBe(413)
    expect(errorCodes.map((e) => e.code)).toEqual(Array.from({ length: 413 }, (_, i) => -i || 0))
    expect(new Set(errorCodes.map((e) => e.name)).size).toBe(413)
  })

  it('agrees with every row of the contract §11 table, descriptions byte for byte', () => {
    const section = contract.slice(contract.indexOf('## 11. Error codes'), contract.indexOf('## 12. Cluster constants'))
    const rows = [...section.matchAll(/^\| (−?\d+) \| `(\w+)` \| (.*) \|$/gm)]
    expect(rows.length).toBeGreaterThan(150)
    for (const [, codeText = '', name = '', text = ''] of rows) {
      const code = Number(codeText.replace('−', '-'))
      const entry = errorByCode(code)
      expect(entry?.name, `code ${String(code)}`).toBe(name)
      // The contract appends usage notes after " — " or " (": the description is a prefix.
      expect(text.startsWith(entry?.description.trimEnd() ?? '?'), `description of ${name}`).toBe(true)
    }
  })

  it('carries the real server texts the captures show', () => {
    expect(errorByCode(-29)?.description).toBe('End of collection')
    expect(errorByCode(-179)?.description).toBe('Authority is forbidden')
    expect(errorByCode(-4)?.description).toBe('File Not Exist')
    expect(errorByName('SDB_DMS_CS_EXIST')?.code).toBe(-33)
    expect(errorByName('SDB_NOPE')).toBeUndefined()
    expect(errorByCode(-9999)).toBeUndefined()
  })
})

describe('SdbError tree', () => {
  it('builds a server error from an error reply', () => {
    const errorObject = {
      errno: -4,
      description: 'File Not Exist',
      detail: '',
      ErrNodes: [{ NodeName: 'h:11820', GroupName: 'g1', Flag: -4 }],
    }
    const e = SdbServerError.fromReply(-4, errorObject)
    expect(e).toBeInstanceOf(SdbError)
    expect([e.code, e.name, e.description, e.detail]).toEqual([-4, 'SDB_FNE', 'File Not Exist', ''])
    expect(e.errorObject['ErrNodes']).toEqual(errorObject.ErrNodes)
    expect(e.message).toContain('File Not Exist')
  })

  it('fills the description from the table when the reply has no document', () => {
    const e = SdbServerError.fromReply(-23, undefined)
    expect([e.name, e.description]).toEqual(['SDB_DMS_NOTEXIST', 'Collection does not exist'])
    const unknown = new SdbServerError(-5000)
    expect(unknown.name).toBe('SDB_UNKNOWN_5000')
  })

  it('gives each client-side error a code and a distinct class', () => {
    expect(new SdbNetworkError('x').code).toBe(-15)
    expect(new SdbTimeoutError('x').code).toBe(-13)
    expect(new SdbProtocolError('x').code).toBe(-84)
    expect(new SdbApiError('x').code).toBe(-6)
    const cause = new Error('root')
    expect(new SdbNetworkError('x', -79, { cause }).cause).toBe(cause)
  })
})
