// Review 5, "fixed my handler, send it again": a capture's replay opens aimed where it was forwarded (else
// the last replay's URL), re-signs with the inbox's own secret when none is typed, and warns that an old
// signature sent as captured will be refused; a delivery waiting out a long backoff can be retried now.
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, sendTo } from './ui-helpers'

const SECRET = 'whsec_test123'

/** A dev server: answers `statuses` in turn (then 200), and keeps what it got. */
async function devServer(statuses: number[] = []): Promise<{ url: string; got: Array<{ path: string; headers: IncomingHttpHeaders; body: string }>; close: () => Promise<void> }> {
  const got: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body })
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' })
      res.end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    got,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

/** A Stripe-Signature over `body` as Stripe makes it, `ageSec` ago. */
function stripeSignature(body: string, ageSec: number): string {
  const t = Math.floor(Date.now() / 1000) - ageSec
  return `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`
}

test('Replay to URL… opens on the forward URL (then the last one used), warns of a 12-min-old signature, and re-signs with the inbox’s secret', async ({ page }) => {
  const dev = await devServer()
  try {
    const url = await createInbox(page, 'stripe', { verify: { scheme: 'stripe', secret: SECRET } })
    await page.getByTestId('inbox-settings').click()
    const settings = page.getByTestId('inbox-settings-dialog')
    await settings.getByLabel('Forward to (optional)').fill(`${dev.url}/webhooks`)
    await settings.getByTestId('inbox-save').click()
    await expect(settings).toBeHidden()

    const body = JSON.stringify({ id: 'evt_1', type: 'invoice.paid' })
    await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body, 12 * 60) } })
    await expect.poll(() => dev.got.length, { timeout: 10_000 }).toBe(1) // forwarded
    await page.getByTestId('capture-row').first().click()
    await expect(page.getByTestId('capture-detail')).toContainText(`${dev.url}/webhooks`)

    await page.getByTestId('capture-replay').click()
    const dlg = page.getByTestId('capture-replay-dialog')
    await expect(dlg.getByLabel('Target URL')).toHaveValue(`${dev.url}/webhooks`)
    await expect(dlg.getByTestId('replay-stale-signature')).toHaveText('Its signature is 12 min old: a receiver checking freshness will refuse it — re-sign instead.')
    await dlg.getByRole('radio', { name: 're-sign' }).click()
    await expect(dlg.getByTestId('replay-stale-signature')).toHaveCount(0)
    await expect(dlg.getByLabel('Scheme')).toHaveValue('stripe')
    await expect(dlg.getByLabel('Secret')).toHaveAttribute('placeholder', 'uses the inbox’s secret')
    await dlg.getByLabel('Target URL').fill(`${dev.url}/fixed`)
    await dlg.getByTestId('capture-replay-send').click()
    await expect(dlg).toBeHidden()
    await expect(page.getByTestId('toast-error')).toHaveCount(0)

    // Signed afresh with the inbox's secret: a freshness check takes it.
    await expect.poll(() => dev.got.length, { timeout: 10_000 }).toBe(2)
    const resent = dev.got[1]!
    expect(resent.path).toBe('/fixed')
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(resent.headers['stripe-signature']))!
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60)
    expect(v1).toBe(createHmac('sha256', SECRET).update(`${t}.${resent.body}`).digest('hex'))

    // A capture of an inbox that forwards nowhere: its replay opens on the URL used last.
    const plain = await createInbox(page, 'plain')
    await fetch(plain, { method: 'POST', body: '{"type":"ping"}', headers: { 'content-type': 'application/json' } })
    await page.getByTestId('capture-row').first().click()
    await page.getByTestId('capture-replay').click()
    await expect(dlg.getByLabel('Target URL')).toHaveValue(`${dev.url}/fixed`)
    await expect(dlg.getByTestId('replay-stale-signature')).toHaveCount(0)
  } finally {
    await dev.close()
  }
})

test('a delivery waiting an hour to retry: Replay says the original still goes, Retry now sends it at once as the same delivery', async ({ page }) => {
  const dev = await devServer([500])
  try {
    await createEndpoint(page, 'billing', `${dev.url}/hook`, { delays: '1h', maxAttempts: 3 })
    await sendTo(page, 'billing', '{"type":"invoice.paid"}')
    const detail = page.getByTestId('delivery-detail')
    await expect(detail.getByTestId('detail-next-attempt')).toContainText(/\d/, { timeout: 10_000 })
    const original = (await detail.locator('dd.mono').first().innerText()).trim().split(/\s/)[0]!

    await detail.getByTestId('replay').click()
    await expect(page.getByTestId('toast-info').last()).toContainText(`The original ${original} is still queued and will be attempted again: cancel it, or use Retry now.`)

    // Back to the original (the replay is selected now), and retry it now.
    await detail.getByRole('button', { name: original, exact: true }).click()
    await expect(detail.getByTestId('status-badge').first()).toHaveAttribute('data-status', 'pending')
    await detail.getByTestId('retry-now').click()
    await expect(detail.getByTestId('status-badge').first()).toHaveAttribute('data-status', 'delivered', { timeout: 10_000 })
    await expect(detail.getByText('Attempts')).toContainText('(2)', { timeout: 10_000 })
    await expect(detail.getByTestId('detail-next-attempt')).toHaveCount(0)
    // The original's second attempt: the same message (webhook-id) as its first.
    const firstId = dev.got[0]!.headers['webhook-id']
    expect(dev.got.filter((r) => r.headers['webhook-id'] === firstId).length).toBeGreaterThanOrEqual(2)
  } finally {
    await dev.close()
  }
})
