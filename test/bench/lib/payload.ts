// The message every delivery benchmark sends: ~1 KB of JSON, signed per message with the
// Standard Webhooks HMAC (id.timestamp.body, key = base64 after whsec_), like the engine does.
import { createHmac } from 'node:crypto'

export const BENCH_SECRET = 'whsec_' + Buffer.from('hooklab-bench-secret-32-bytes!!!').toString('base64')
export const BODY_BYTES = 1024

const PAD_UNIT = 'lorem ipsum dolor sit amet '

export function makeBody(i: number): Buffer {
  const head = { type: 'invoice.paid', id: `evt_${i}`, created: 1_700_000_000 + i, data: { amount: 4200 + i, currency: 'eur', note: '' } }
  const base = JSON.stringify(head).length
  const padLen = Math.max(0, BODY_BYTES - base)
  head.data.note = PAD_UNIT.repeat(Math.ceil(padLen / PAD_UNIT.length)).slice(0, padLen)
  return Buffer.from(JSON.stringify(head))
}

const KEY = Buffer.from(BENCH_SECRET.slice('whsec_'.length), 'base64')

export function signStandard(id: string, timestamp: number, body: Buffer): Record<string, string> {
  const mac = createHmac('sha256', KEY).update(`${id}.${timestamp}.`).update(body).digest('base64')
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${mac}` }
}
