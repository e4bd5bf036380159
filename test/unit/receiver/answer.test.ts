// The prepared answers must be byte for byte what the receiver sent and stored before they were
// cached per step: same header list (and its stored JSON), same body, right Content-Length.
import { describe, expect, it } from 'vitest'
import { answerFor } from '../../../src-main/engine/receiver/answer'
import type { ResponseStep } from '../../../src-main/engine/receiver/response-rules'
import type { HeaderPairs } from '../../../src-main/engine/signing/types'

// The answer as it was built per request before (kept here as the reference).
function reference(step: ResponseStep, captureId: string): { headers: HeaderPairs; body: Buffer } {
  if (step.status === null) return { headers: [], body: Buffer.alloc(0) }
  const body = step.body !== '' ? Buffer.from(step.body, 'utf8') : Buffer.from(JSON.stringify({ ok: step.status < 400, captureId }))
  const headers: HeaderPairs = []
  if (!step.headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json'])
  headers.push(...step.headers.filter(([n]) => n.toLowerCase() !== 'content-length'))
  headers.push(['Content-Length', String(body.length)])
  return { headers, body }
}

const ids = ['cap_01jbz5ex4m7q9rs2tv3wx4yz56', 'cap_01jbz5ex4nabcdefghjkmnpqrs']
const steps: ResponseStep[] = [
  { status: 200, headers: [], body: '', delayMs: 0 },
  { status: 503, headers: [['Retry-After', '2']], body: '', delayMs: 0 },
  { status: 201, headers: [['content-type', 'text/plain'], ['Content-Length', '999']], body: 'créé ✓', delayMs: 0 },
  { status: 429, headers: [['Retry-After', '1']], body: '{"error":"slow down"}', delayMs: 20 },
  { status: 413, headers: [['Connection', 'close']], body: JSON.stringify({ error: 'too big', captureId: ids[0] }), delayMs: 0 },
]

describe('answerFor', () => {
  it.each(steps.map((s) => [`${s.status} ${JSON.stringify(s.headers)} ${JSON.stringify(s.body)}`, s] as const))(
    'answers %s exactly as before, for every request of the step',
    (_name, step) => {
      for (const id of ids) {
        const want = reference(step, id)
        const got = answerFor(step, id)
        expect(got.headersJson).toBe(JSON.stringify(want.headers))
        expect(got.flatHeaders).toEqual(want.headers.flat())
        expect(got.body.equals(want.body)).toBe(true)
        expect(Buffer.from(got.bodyText, 'utf8').equals(want.body)).toBe(true)
      }
    },
  )

  it('never lets one request change the headers another request is sent', () => {
    const step = steps[0]!
    const a = answerFor(step, ids[0]!)
    expect(Object.isFrozen(a.flatHeaders)).toBe(true)
    expect(answerFor(step, ids[1]!).flatHeaders).toBe(a.flatHeaders) // same length: shared, read-only
  })

  it('holds a hang step without headers or body', () => {
    const a = answerFor({ status: null, headers: [], body: '', delayMs: 0 }, ids[0]!)
    expect(a.headersJson).toBe('[]')
    expect(a.body.length).toBe(0)
  })
})
