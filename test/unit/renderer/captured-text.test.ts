// Direction control characters in captured text (components/CapturedText.tsx): each is shown as a
// marker in its own muted span, so "evt\u202e.gnp" cannot be drawn as "evtpng."; other text is left alone.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { bidiVisible, CapturedText } from '../../../src-renderer/src/components/CapturedText'

const CONTROLS = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c'

describe('bidiVisible', () => {
  it('writes every direction control as its code point, and nothing else', () => {
    expect(bidiVisible('evt\u202e.gnp')).toBe('evt⟨U+202E⟩.gnp')
    expect(bidiVisible(CONTROLS)).toBe('⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩⟨U+202E⟩⟨U+2066⟩⟨U+2067⟩⟨U+2068⟩⟨U+2069⟩⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩')
    // Right-to-left text itself, joiners and other invisibles are content, not controls.
    const plain = 'שלום مرحبا a\u200db\u00a0c\u2028'
    expect(bidiVisible(plain)).toBe(plain)
  })
})

describe('CapturedText', () => {
  const html = (text: string) => renderToStaticMarkup(createElement(CapturedText, { text }))

  it('draws each control as a muted marker span, and the text around it as text', () => {
    const out = html('safe\u202etxt.exe\u202dend <b>')
    expect(out).toBe(
      'safe<span class="bidi-mark" title="A direction control character, shown instead of taking effect">⟨U+202E⟩</span>txt.exe' +
        '<span class="bidi-mark" title="A direction control character, shown instead of taking effect">⟨U+202D⟩</span>end &lt;b&gt;',
    )
    expect(out).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/)
  })

  it('leaves text without controls as it is', () => {
    expect(html('{"id": 1}')).toBe('{&quot;id&quot;: 1}')
    expect(html('')).toBe('')
  })
})
