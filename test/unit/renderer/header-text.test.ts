// Header values are stored one byte per character (latin1); the table shows valid UTF-8 decoded.
import { describe, expect, it } from 'vitest'
import { headerText } from '../../../src-renderer/src/components/Headers'

const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1')

describe('headerText', () => {
  it('decodes a value whose bytes are UTF-8', () => {
    expect(headerText(latin1('café'))).toEqual({ text: 'café', utf8: true })
    expect(headerText(latin1('日本 ✓'))).toEqual({ text: '日本 ✓', utf8: true })
    // A leading BOM is a byte sequence the value carries: kept.
    expect(headerText(latin1('\uFEFFx'))).toEqual({ text: '\uFEFFx', utf8: true })
  })

  it('leaves ASCII, bytes that are not UTF-8, and values that are already text as they are', () => {
    expect(headerText('hello')).toEqual({ text: 'hello', utf8: false })
    expect(headerText('caf\u00e9')).toEqual({ text: 'caf\u00e9', utf8: false })
    expect(headerText('\u00c3\u0028')).toEqual({ text: '\u00c3\u0028', utf8: false })
    expect(headerText('日本')).toEqual({ text: '日本', utf8: false })
  })
})
