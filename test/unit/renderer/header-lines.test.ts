// "Name: value" lines, as the Send view, the endpoint dialog and edit-and-replay read and show headers.
import { describe, expect, it } from 'vitest'
import { formatHeaderLines, parseHeaderLines } from '../../../src-renderer/src/lib/header-lines'

describe('header lines', () => {
  it('reads one header per line, trimmed, values may hold colons; blank lines are skipped', () => {
    expect(parseHeaderLines('  X-Env : prod \n\nAuthorization: Bearer a:b\n')).toEqual({
      headers: [['X-Env', 'prod'], ['Authorization', 'Bearer a:b']],
      invalid: [],
    })
  })

  it('reports the lines that are not "Name: value" (no colon, or no name)', () => {
    expect(parseHeaderLines('X-Ok: 1\njust text\n: no name')).toEqual({ headers: [['X-Ok', '1']], invalid: ['just text', ': no name'] })
  })

  it('writes headers back as lines that read the same', () => {
    const headers: Array<[string, string]> = [['X-Env', 'prod'], ['X-Trace', 'a:1']]
    expect(formatHeaderLines(headers)).toBe('X-Env: prod\nX-Trace: a:1')
    expect(parseHeaderLines(formatHeaderLines(headers)).headers).toEqual(headers)
  })
})
