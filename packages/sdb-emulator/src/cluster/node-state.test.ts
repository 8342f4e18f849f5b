import { describe, expect, it } from 'vitest'
import { SdbFault } from '../engine/fault.js'
import { assertTransition } from './node-state.js'

describe('node state machine', () => {
  it('allows the start and stop cycle', () => {
    expect(() => assertTransition('stopped', 'starting')).not.toThrow()
    expect(() => assertTransition('starting', 'running')).not.toThrow()
    expect(() => assertTransition('running', 'stopping')).not.toThrow()
    expect(() => assertTransition('stopping', 'stopped')).not.toThrow()
  })

  it('refuses a change racing another with the sdbcm codes', () => {
    expect(() => assertTransition('starting', 'stopping')).toThrow(SdbFault)
    expect(() => assertTransition('starting', 'stopping')).toThrow(expect.objectContaining({ code: -142 }))
    expect(() => assertTransition('stopping', 'starting')).toThrow(expect.objectContaining({ code: -160 }))
  })
})
