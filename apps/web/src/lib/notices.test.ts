import { describe, expect, it } from 'vitest'
import { ApiError } from './api-client.js'
import { createI18n } from './i18n.js'
import { describeError } from './notices.js'

describe('describeError', () => {
  it('says an unreachable server in the chosen language, and keeps SequoiaDB error names', () => {
    const zh = createI18n('zh-CN')
    const en = createI18n('en')
    const network = new ApiError('NETWORK', 'The Canopy server could not be reached', 0)
    expect(describeError(network, zh.t)).toBe('无法连接 Canopy 服务器')
    expect(describeError(network, en.t)).toBe('The Canopy server could not be reached')
    expect(describeError(new ApiError('SDB_DMS_CS_EXIST', 'Collection space already exists', 409), zh.t)).toBe('SDB_DMS_CS_EXIST: Collection space already exists')
  })
})
