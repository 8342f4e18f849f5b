import { describe, expect, it } from 'vitest'
import { createI18n } from './i18n.js'
import { parseTypedJson, scalarFromText, TypedJsonSyntaxError, TypedValueError } from './typed-json.js'
import { typedJsonErrorText } from './typed-json-messages.js'

function thrown(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error('did not throw')
}

describe('typed-JSON errors in the user\'s language', () => {
  const en = createI18n('en').t
  const zh = createI18n('zh-CN').t

  it('carries a code, its parameters and the position, not only English text', () => {
    const e = thrown(() => parseTypedJson('{"a": x}'))
    expect(e).toBeInstanceOf(TypedJsonSyntaxError)
    expect(e).toMatchObject({ code: 'unexpectedCharacter', params: { character: '"x"' }, position: 6 })
    expect(thrown(() => scalarFromText('int32', '2147483648'))).toMatchObject({ code: 'int32Range' })
  })

  it('reads syntax errors with their position in English and Simplified Chinese', () => {
    const e = thrown(() => parseTypedJson('{"a" 1}'))
    expect(typedJsonErrorText(e, en)).toBe('Expected ":" at position 5')
    expect(typedJsonErrorText(e, zh)).toBe('此处应为“:”（位置 5）')
    const c = thrown(() => parseTypedJson('{"a": x}'))
    expect(typedJsonErrorText(c, zh)).toBe('意外的字符 "x"（位置 6）')
  })

  it('reads refused values in both languages', () => {
    const e = thrown(() => scalarFromText('objectId', 'xyz'))
    expect(e).toBeInstanceOf(TypedValueError)
    expect(typedJsonErrorText(e, en)).toBe('An ObjectId is 24 hexadecimal digits')
    expect(typedJsonErrorText(e, zh)).toBe('ObjectId 为 24 位十六进制数字')
  })

  it('keeps the message of any other error', () => {
    expect(typedJsonErrorText(new Error('boom'), zh)).toBe('boom')
  })
})
