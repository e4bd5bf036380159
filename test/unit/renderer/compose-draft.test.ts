// "Open in Send": what a captured webhook, or a delivery, becomes as a draft.
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { CaptureDetail, DeliveryDetail } from '../../../src-preload/contract'
import { composeFromCapture, composeFromDelivery } from '../../../src-renderer/src/lib/compose-draft'
import { captureRow } from '../../fixtures/capture-row'

function detail(body: Buffer, extra: Partial<CaptureDetail> = {}): CaptureDetail {
  return {
    ...captureRow(1),
    contentType: 'application/json',
    event: 'push',
    eventFrom: 'X-GitHub-Event',
    headers: [
      ['Host', '127.0.0.1:8787'],
      ['Content-Type', 'application/json'],
      ['Content-Length', String(body.length)],
      ['X-GitHub-Event', 'push'],
      ['X-GitHub-Delivery', '72d3162e'],
      ['X-Hub-Signature-256', 'sha256=stale'],
      ['Accept-Encoding', 'gzip'],
      ['User-Agent', 'GitHub-Hookshot/044aadd'],
    ],
    bodyBase64: body.toString('base64'),
    decoded: null,
    remoteAddress: '127.0.0.1',
    response: null,
    forward: null,
    ...extra,
  }
}

describe('composeFromCapture', () => {
  it('keeps the body (pretty JSON), its type and event, and the headers that still mean something', () => {
    const draft = composeFromCapture(detail(Buffer.from('{"ref":"refs/heads/main","commits":[]}')))
    expect(draft).toEqual({
      body: '{\n  "ref": "refs/heads/main",\n  "commits": []\n}',
      contentType: 'application/json',
      eventType: 'push',
      headers: 'X-GitHub-Event: push\nX-GitHub-Delivery: 72d3162e\nUser-Agent: GitHub-Hookshot/044aadd',
    })
  })

  it('takes a compressed body decoded, and a non-JSON one as it is', () => {
    const text = 'payload=%7B%22type%22%3A%22block_actions%22%7D'
    const gz = composeFromCapture(
      detail(gzipSync(text), {
        contentType: 'application/x-www-form-urlencoded',
        headers: [['Content-Encoding', 'gzip'], ['X-Slack-Signature', 'v0=stale'], ['X-Slack-Request-Timestamp', '1']],
        decoded: { encoding: 'gzip', bodyBase64: Buffer.from(text).toString('base64'), error: null },
        event: null,
      }),
    )
    expect(gz).toEqual({ body: text, contentType: 'application/x-www-form-urlencoded', eventType: null, headers: '' })
  })

  it('offers nothing for a binary body or one over the size limit', () => {
    expect(composeFromCapture(detail(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00])))).toBeNull()
    expect(composeFromCapture(detail(Buffer.from('{}'), { oversize: true }))).toBeNull()
  })
})

describe('composeFromDelivery', () => {
  const delivery = (body: Buffer, extraHeaders: Array<[string, string]>): DeliveryDetail =>
    ({
      delivery: {} as DeliveryDetail['delivery'],
      extraHeaders,
      message: { id: 'msg_1', eventType: 'order.created', contentType: 'application/json', bodyBase64: body.toString('base64'), createdAt: 1 },
      attempts: [],
    }) as DeliveryDetail

  it('takes its message as sent, with the headers added to it but not the ones a new send makes itself', () => {
    const d = delivery(Buffer.from('{"type":"order.created","id":1}'), [['X-Tenant', 'acme'], ['webhook-id', 'msg_old'], ['Content-Type', 'application/json']])
    expect(composeFromDelivery(d)).toEqual({
      body: '{\n  "type": "order.created",\n  "id": 1\n}',
      contentType: 'application/json',
      eventType: 'order.created',
      headers: 'X-Tenant: acme',
    })
    expect(composeFromDelivery(delivery(Buffer.from([0xff, 0x00, 0xfe]), []))).toBeNull()
  })
})
