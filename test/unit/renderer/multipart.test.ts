import { describe, expect, it } from 'vitest'
import { multipartBoundary, multipartParts, partText } from '../../../src-renderer/src/lib/multipart'

const enc = (s: string) => new TextEncoder().encode(s)
const concat = (...xs: Uint8Array[]) => {
  const out = new Uint8Array(xs.reduce((a, x) => a + x.length, 0))
  let o = 0
  for (const x of xs) {
    out.set(x, o)
    o += x.length
  }
  return out
}

describe('multipart/form-data', () => {
  it('finds the boundary, quoted or not, only for form-data', () => {
    expect(multipartBoundary('multipart/form-data; boundary=xYzZY')).toBe('xYzZY')
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b:c"')).toBe('a b:c')
    expect(multipartBoundary('multipart/mixed; boundary=x')).toBeNull()
    expect(multipartBoundary('multipart/form-data')).toBeNull()
    expect(multipartBoundary(null)).toBeNull()
  })

  it("splits SendGrid-style fields and a binary attachment, bytes intact (CR LF and '--' inside the file)", () => {
    const file = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x0d, 0x0a, 0x2d, 0x2d, 0x78, 0x00, 0xff, 0x0d, 0x0a])
    const body = concat(
      enc('--xYzZY\r\nContent-Disposition: form-data; name="from"\r\n\r\nAda <ada@example.com>\r\n'),
      enc('--xYzZY\r\nContent-Disposition: form-data; name="text"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHi\r\nthere ✓\r\n'),
      enc('--xYzZY\r\nContent-Disposition: form-data; name="attachment1"; filename="in\\"voice.pdf"\r\nContent-Type: application/pdf\r\n\r\n'),
      file,
      enc('\r\n--xYzZY--\r\n'),
    )
    const parts = multipartParts(body, 'xYzZY')!
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['from', null, null],
      ['text', null, 'text/plain; charset=utf-8'],
      ['attachment1', 'in"voice.pdf', 'application/pdf'],
    ])
    expect(parts.map(partText)).toEqual(['Ada <ada@example.com>', 'Hi\r\nthere ✓', null])
    expect([...parts[2]!.data]).toEqual([...file])
  })

  it('accepts bare LF line endings and an empty part', () => {
    const parts = multipartParts(enc('--b\nContent-Disposition: form-data; name=a\n\n1\n--b\nContent-Disposition: form-data; name="e"\n\n\n--b--\n'), 'b')!
    expect(parts.map((p) => [p.name, partText(p)])).toEqual([
      ['a', '1'],
      ['e', ''],
    ])
  })

  it('refuses what is not multipart: no boundary, a part without its blank line, no closing boundary', () => {
    expect(multipartParts(enc('hello'), 'b')).toBeNull()
    expect(multipartParts(enc('--b\r\nContent-Disposition: form-data; name=a\r\n1\r\n--b--'), 'b')).toBeNull()
    expect(multipartParts(enc('--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1'), 'b')).toBeNull()
  })
})
