// Captured bodies sent with a Content-Encoding are shown decoded: what decodes, what is refused.
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { DECODED_MAX_BYTES, decodeContent } from '../../../src-main/engine/receiver/content-encoding'

const json = Buffer.from('{"type":"invoice.paid","amount":4200}')
const enc = (v: string): Array<[string, string]> => [['Content-Type', 'application/json'], ['Content-Encoding', v]]

describe('decodeContent', () => {
  it('decodes gzip, deflate (zlib-wrapped or raw) and br, the header named in any case', () => {
    expect(decodeContent(enc('gzip'), gzipSync(json))).toEqual({ encoding: 'gzip', body: json, error: null })
    expect(decodeContent([['content-encoding', 'X-GZIP']], gzipSync(json))?.body).toEqual(json)
    expect(decodeContent(enc('deflate'), deflateSync(json))?.body).toEqual(json)
    expect(decodeContent(enc('deflate'), deflateRawSync(json))?.body).toEqual(json)
    expect(decodeContent(enc('br'), brotliCompressSync(json))?.body).toEqual(json)
  })

  it('undoes stacked codings last first', () => {
    expect(decodeContent(enc('gzip, br'), brotliCompressSync(gzipSync(json)))?.body).toEqual(json)
  })

  it('leaves plain bodies alone (no header, identity, empty body)', () => {
    expect(decodeContent([['content-type', 'application/json']], json)).toBeNull()
    expect(decodeContent(enc('identity'), json)).toBeNull()
    expect(decodeContent(enc('gzip'), Buffer.alloc(0))).toBeNull()
  })

  it('says why when it cannot: not really gzip, an unknown coding, a body that inflates past the cap', () => {
    const bad = decodeContent(enc('gzip'), json)
    expect(bad).toMatchObject({ encoding: 'gzip', body: null })
    expect(bad?.error).toMatch(/header/i)
    expect(decodeContent(enc('zstd'), json)).toEqual({ encoding: 'zstd', body: null, error: 'unknown content coding "zstd"' })
    const bomb = gzipSync(Buffer.alloc(DECODED_MAX_BYTES + 1))
    expect(bomb.length).toBeLessThan(100_000)
    expect(decodeContent(enc('gzip'), bomb)).toEqual({ encoding: 'gzip', body: null, error: 'decodes to more than 16 MB' })
  })
})
